#!/usr/bin/env python3
"""One entry point that sets itself up: ``python3 dev.py demo | test | lint | bench | notebook``.

``test`` runs the whole suite on every core (pytest arguments pass through; ``-n 0`` runs
in one process); ``test --fast`` skips the tests marked ``slow`` (examples, demo,
notebooks) for the edit-test loop. ``lint`` runs
ruff on the tree and mypy on what pyproject.toml's ``[tool.mypy]`` names. ``gpu-pack``
downloads the wheels a GPU machine lacks; ``gpu`` runs the prepared GPU check there with
its own Python (``gpu --cpu-dry-run``: the same steps on NumPy, in the venv).

On first use (and whenever pyproject.toml changes) it creates ``.venv`` beside this file
and installs flexgrad into it with the extras the command needs; then it runs the command
inside that environment. Only a Python >= 3.10 with ``venv`` is needed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PYTHON = VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")

# command -> (extras to install, the argv lists to run inside the venv, in order)
COMMANDS = {
    "demo": ("dask,data", [["examples/define_by_run/demo.py"]]),
    "test": ("test", [["-m", "pytest", "-q", "-p", "no:cacheprovider"]]),
    "lint": ("test,lint", [["-m", "ruff", "check", "."], ["-m", "mypy"]]),
    "bench": ("bench,dask", [["benchmarks/run.py"]]),
    "notebook": ("notebook", [["-m", "jupyterlab", "notebooks"]]),
    "gpu": ("test", [["benchmarks/gpu_check.py"]]),  # the venv serves --cpu-dry-run only
}
# run by this very interpreter, no venv: a GPU machine has no network, so `gpu` there
# installs what `gpu-pack` downloaded here (see benchmarks/gpu_check.py)
BARE = {"gpu-pack": "benchmarks/gpu_pack.py", "gpu": "benchmarks/gpu_check.py"}
FAST = ["-m", "not slow"]  # what `test --fast` adds: skip examples, demo and notebooks
# One pytest worker per core (pytest-xdist), unless the arguments choose (-n, -p no:xdist):
# the suite is CPU-bound, single-threaded per test, and CI has two cores.
PARALLEL = ["-n", "auto"]

PYTEST_NO_TESTS_COLLECTED = 5


def _ensure_env(extras: str) -> None:
    """Create the venv and (re)install flexgrad when pyproject.toml or the extras changed."""
    if not PYTHON.exists():
        print(f"dev.py: creating {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()[:16]
    stamp = VENV / f".installed-{extras.replace(',', '+')}-{digest}"
    if stamp.exists():
        return
    print(f"dev.py: installing flexgrad[{extras}] into {VENV}", flush=True)
    pip = [str(PYTHON), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    subprocess.run(pip + ["--upgrade", "pip"], check=True)
    subprocess.run(pip + ["-e", f"{ROOT}[{extras}]"], check=True)
    stamp.touch()


def main(argv: list[str]) -> int:
    if argv and argv[0] in BARE and "--cpu-dry-run" not in argv:
        return subprocess.call([sys.executable, BARE[argv[0]], *argv[1:]], cwd=ROOT)
    if not argv or argv[0] not in COMMANDS:
        print(__doc__.strip())
        print("\ncommands: " + ", ".join({**COMMANDS, **BARE}))
        return 2
    extras, commands = COMMANDS[argv[0]]
    _ensure_env(extras)
    args = _test_args(argv[1:]) if argv[0] == "test" else argv[1:]
    for command in commands:
        code = subprocess.call([str(PYTHON), *command, *args], cwd=ROOT, env=_env(argv[0]))
        if argv[0] == "test" and code == PYTEST_NO_TESTS_COLLECTED:
            code = 0
        if code:
            return code
    return 0


def _env(command: str) -> dict[str, str]:
    """The environment a command runs in: the tests keep BLAS to one thread per worker
    (small matrices on busy cores run several times faster so), unless the caller set it."""
    env = dict(os.environ)
    if command == "test":
        env.setdefault("OMP_NUM_THREADS", "1")
    return env


def _test_args(args: list[str]) -> list[str]:
    """pytest's arguments, ``--fast`` turned into the marker expression that skips slow,
    and workers on every core unless the arguments say otherwise."""
    chosen = any(a == "-n" or a.startswith("-n") or a == "no:xdist" for a in args)
    parallel = [] if chosen else PARALLEL
    if "--fast" not in args:
        return parallel + args
    return parallel + FAST + [a for a in args if a != "--fast"]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
