"""Runs an example script's ``main(argv)`` in the test's process, as its command line
would, so that flexgrad, Dask and matplotlib are imported once for all the example tests."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def load_example(folder: str, script: str) -> ModuleType:
    """``examples/<folder>/<script>`` as a module (its ``main`` not run)."""
    spec = importlib.util.spec_from_file_location(f"example_{folder}", EXAMPLES / folder / script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_example(folder: str, script: str, *args: Any) -> ModuleType:
    """Run the script with ``args`` (each turned into a string) on its command line."""
    module = load_example(folder, script)
    module.main([str(arg) for arg in args])
    return module


def read_log(out: Path) -> list[dict[str, Any]]:
    """The entries LogReport wrote to ``out/log``."""
    with open(out / "log") as f:
        return json.load(f)
