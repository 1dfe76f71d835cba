"""Runs an example script's ``main(argv)`` in the test's process, as its command line
would, so that flexgrad, Dask and matplotlib are imported once for all the example tests."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def load_example(folder: str, script: str) -> ModuleType:
    """``examples/<folder>/<script>`` as a module (its ``main`` not run); the modules
    beside it import as they do when it runs as a script."""
    spec = importlib.util.spec_from_file_location(f"example_{folder}", EXAMPLES / folder / script)
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(EXAMPLES / folder))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(EXAMPLES / folder))
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
