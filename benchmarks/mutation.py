#!/usr/bin/env python3
"""Plant each bug of issue 9 in a copy of the tree and see whether the suite kills it.

Each mutant is one text replacement in ``src/`` (the bug) and the tests that should see
it. The tree is exported to a temporary directory (``git archive HEAD``, or the working
tree with ``--worktree``), the bug applied there, and pytest run there with that copy's
``src`` first on the path; the working tree is never touched. A mutant is killed when its
tests fail, survived when they pass. The same tests are first run unmutated: a selection
that fails without the bug proves nothing and is reported as such.

    .venv/bin/python benchmarks/mutation.py [--worktree] [--only 'd:']
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TABLE = "tests/functions/test_op_table.py"


@dataclass(frozen=True)
class Mutant:
    name: str
    path: str
    old: str
    new: str
    tests: tuple[str, ...]  # pytest arguments: paths and -k expressions


MUTANTS = [
    Mutant(
        "a: sigmoid's forward off by 0.01, its backward consistent with it",
        "src/flexgrad/functions/activation/sigmoid.py",
        "        return xp.exp(-xp.logaddexp(0.0, -x))\n\n    def derivative(self, y, gy):\n"
        "        return gy * (y * (1 - y))",
        "        return xp.exp(-xp.logaddexp(0.0, -x)) + 0.01\n\n"
        "    def derivative(self, y, gy):\n"
        "        return gy * ((y - 0.01) * (1.01 - y))",
        (TABLE, "-k", "sigmoid and not hard and not cross"),
    ),
    Mutant(
        "b: first-order gradient zero on the differentiable path only (unary ops)",
        "src/flexgrad/functions/math/_unary.py",
        "            return (self.derivative(retained()[0], gy),)",
        "            return (self.derivative(retained()[0], gy) * 0.0,)",
        (TABLE, "-k", "exp or tanh or sin"),
    ),
    Mutant(
        "c: float32 tanh computed in float64 and cast back on array_api_strict",
        "src/flexgrad/functions/activation/tanh.py",
        "    uses_output = True\n\n    def derivative(self, y, gy):",
        "    uses_output = True\n\n    def compute(self, xp, x):\n"
        "        if xp.__name__ == 'array_api_strict':\n"
        "            return xp.astype(xp.tanh(xp.astype(x, xp.float64)), x.dtype)\n"
        "        return xp.tanh(x)\n\n    def derivative(self, y, gy):",
        (TABLE, "-k", "tanh"),
    ),
    Mutant(
        "d: max pooling sends the gradient to the last maximum on ties",
        "src/flexgrad/functions/pooling/max_pooling.py",
        "        self.indexes = k - xp.max(hits, axis=2)",
        "        hits = xp.where(hits > 0, k + 1 - hits, hits)  # window offset + 1 where tied\n"
        "        self.indexes = xp.max(hits, axis=2) - 1",
        (TABLE, "tests/functions/test_kink_conventions.py", "-k", "pooling"),
    ),
    Mutant(
        "e: exp's forward calls np.exp(np.asarray(x)) whatever the backend",
        "src/flexgrad/functions/math/_unary.py",
        "        return (self.compute(self.xp, x),)",
        "        import numpy\n        if self.name == 'exp':\n"
        "            return (numpy.exp(numpy.asarray(x)),)\n"
        "        return (self.compute(self.xp, x),)",
        (TABLE, "-k", "exp and agree and not expm1"),
    ),
    Mutant(
        "f: unary forwards return a bare array instead of a tuple",
        "src/flexgrad/functions/math/_unary.py",
        "        return (self.compute(self.xp, x),)",
        "        return self.compute(self.xp, x)",
        (TABLE, "-k", "tanh"),
    ),
]


def export(into: Path, worktree: bool) -> None:
    """The tree's src/, tests/ and pyproject.toml, from HEAD or the working tree."""
    if worktree:
        for name in ("src", "tests"):
            shutil.copytree(ROOT / name, into / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        shutil.copy(ROOT / "pyproject.toml", into)
        return
    archive = subprocess.run(["git", "archive", "HEAD", "src", "tests", "pyproject.toml"],
                             cwd=ROOT, check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)


def plant(tree: Path, mutant: Mutant) -> None:
    """Apply the bug; a bug whose text is not in the tree is an error, not a kill."""
    path = tree / mutant.path
    text = path.read_text()
    if text.count(mutant.old) != 1:
        raise SystemExit(f"mutation.py: mutant {mutant.name!r}: its text is not (once) in "
                         f"{mutant.path}; update the mutant")
    path.write_text(text.replace(mutant.old, mutant.new))


def run_tests(tree: Path, tests: tuple[str, ...]) -> tuple[int, str]:
    """pytest's exit code and its last lines, run in ``tree`` with its own src first."""
    env = dict(os.environ, PYTHONPATH=str(tree / "src"), PYTHONDONTWRITEBYTECODE="1")
    done = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider",
                           *tests], cwd=tree, env=env, capture_output=True, text=True)
    tail = "\n".join(done.stdout.strip().splitlines()[-2:])
    return done.returncode, tail


def verdict(tree: Path, mutant: Mutant) -> str:
    """'killed', 'survived', or why the mutant proves nothing."""
    clean, tail = run_tests(tree, mutant.tests)
    if clean != 0:
        return f"invalid (its tests fail without the bug: {tail})"
    plant(tree, mutant)
    code, tail = run_tests(tree, mutant.tests)
    if code == 5:
        return "invalid (its selection collects no test)"
    return "killed" if code != 0 else f"survived ({tail})"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worktree", action="store_true",
                        help="copy the working tree instead of HEAD")
    parser.add_argument("-m", "--only", default="", help="run the mutants whose name has this")
    args = parser.parse_args(argv)
    killed = total = 0
    for mutant in [m for m in MUTANTS if args.only in m.name]:
        with tempfile.TemporaryDirectory(prefix="flexgrad-mutant-") as tmp:
            export(Path(tmp), args.worktree)
            result = verdict(Path(tmp), mutant)
        total += 1
        killed += result == "killed"
        print(f"{result.split(' ')[0]:>9}  {mutant.name}"
              + ("" if result == "killed" else f"\n           {result}"), flush=True)
    print(f"score: {killed}/{total} killed")
    return 0 if killed == total else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
