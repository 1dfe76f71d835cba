"""The README's Python examples run as written (MNIST replaced by a small synthetic set)."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

import flexgrad

README = Path(__file__).parents[1] / "README.md"
BLOCKS = re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.S)


def small_mnist(*args, **kwargs):
    rng = np.random.default_rng(0)
    x = rng.random((200, 784), dtype=np.float32)
    t = rng.integers(0, 10, 200).astype(np.int32)
    dataset = flexgrad.datasets.TupleDataset(x, t)
    return flexgrad.datasets.split_dataset(dataset, 150)


@pytest.mark.parametrize("block", BLOCKS, ids=[f"block{i}" for i in range(len(BLOCKS))])
def test_readme_example_runs(block, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(flexgrad.datasets, "get_mnist", small_mnist)
    exec(compile(block, str(README), "exec"), {"__name__": "__readme__"})


def test_the_readme_has_examples():
    assert len(BLOCKS) >= 2
