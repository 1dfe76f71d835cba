"""Every example in flexgrad's docstrings runs and prints what it shows."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import flexgrad

# modules that import an optional library at the top (CuPy), checked where it is installed
OPTIONAL = {"flexgrad.backends.cupy": "cupy"}


def _modules() -> list[str]:
    names = [info.name for info in pkgutil.walk_packages(flexgrad.__path__, "flexgrad.")]
    return sorted(["flexgrad", *names])


@pytest.mark.parametrize("name", _modules())
def test_docstring_examples(name):
    if name in OPTIONAL:
        pytest.importorskip(OPTIONAL[name])
    module = importlib.import_module(name)
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    for test in finder.find(module, name):
        runner.run(test)
    results = runner.summarize(verbose=False)
    assert results.failed == 0, f"{results.failed} docstring example(s) failed in {name}"
