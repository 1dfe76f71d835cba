"""Chainer's ``SubDataset`` and the splits built on it (train/validation, k-fold)."""

from __future__ import annotations

from typing import Any

from .. import backends
from ..dataset._check import dataset_length, expect_int, fail
from ..dataset._indexing import example
from ..dataset._random import permutation
from ..dataset.dataset_mixin import DatasetMixin


class SubDataset(DatasetMixin):
    """Examples ``start`` to ``finish`` of ``dataset``, optionally through ``order``.

    ``d[i] == dataset[order[start + i]]`` (``dataset[start + i]`` without ``order``);
    ``order`` is a permutation of the whole dataset's indices, so no data is copied.
    """

    def __init__(self, dataset: Any, start: int, finish: int, order: Any = None) -> None:
        where = "flexgrad.datasets.SubDataset"
        start = expect_int(where, "start", start, minimum=0)
        finish = expect_int(where, "finish", finish)
        n = dataset_length(dataset)
        if not start <= finish <= n:
            fail(where, "finish", f"an int in [start={start}, len(dataset)={n}]", repr(finish))
        if order is not None and len(order) != n:
            fail(where, "order", f"one index per example of the dataset ({n})",
                 f"{len(order)} indices")
        self._dataset = dataset
        self._start = start
        self._finish = finish
        self._size = finish - start
        self._order = order

    def __len__(self) -> int:
        return self._size

    def get_example(self, i: int) -> Any:
        if i >= 0:
            if i >= self._size:
                raise IndexError("dataset index out of range")
            index = self._start + i
        else:
            if i < -self._size:
                raise IndexError("dataset index out of range")
            index = self._finish + i
        if self._order is not None:
            index = int(self._order[index])
        return example(self._dataset, index)


def split_dataset(dataset: Any, split_at: int, order: Any = None) -> tuple[SubDataset, SubDataset]:
    """The first ``split_at`` examples and the rest, in ``order`` if given."""
    split_at = expect_int("flexgrad.datasets.split_dataset", "split_at", split_at, minimum=0)
    n = dataset_length(dataset)
    if split_at > n:
        fail("flexgrad.datasets.split_dataset", "split_at",
             f"at most the dataset's size {n}", repr(split_at))
    return SubDataset(dataset, 0, split_at, order), SubDataset(dataset, split_at, n, order)


def split_dataset_random(dataset: Any, first_size: int,
                         seed: int | None = None) -> tuple[SubDataset, SubDataset]:
    """A random split: ``first_size`` examples and the rest. The same ``seed`` gives the same
    split; ``seed=None`` draws from flexgrad's default generator (``flexgrad.set_seed``)."""
    return split_dataset(dataset, first_size, permutation(dataset_length(dataset), seed))


def split_dataset_n(dataset: Any, n: int, order: Any = None) -> list[SubDataset]:
    """``n`` consecutive parts of (nearly) equal size, in ``order`` if given."""
    n = expect_int("flexgrad.datasets.split_dataset_n", "n", n, minimum=1)
    size = dataset_length(dataset)
    borders = [size * i // n for i in range(n + 1)]
    return [SubDataset(dataset, borders[i], borders[i + 1], order) for i in range(n)]


def split_dataset_n_random(dataset: Any, n: int, seed: int | None = None) -> list[SubDataset]:
    """``n`` random parts of (nearly) equal size, seeded as ``split_dataset_random``."""
    return split_dataset_n(dataset, n, permutation(dataset_length(dataset), seed))


def get_cross_validation_datasets(dataset: Any, n_folds: int,
                                  order: Any = None) -> list[tuple[SubDataset, SubDataset]]:
    """``n_folds`` (train, test) pairs; each test part is one fold, as in Chainer.

    The test folds, taken from the end of ``order`` backwards, cover every example once.
    """
    where = "flexgrad.datasets.get_cross_validation_datasets"
    n_folds = expect_int(where, "n_folds", n_folds, minimum=1)
    whole = dataset_length(dataset)
    order = list(range(whole)) if order is None else [int(i) for i in order]
    if len(order) != whole:
        fail(where, "order", f"one index per example ({whole})", f"{len(order)} indices")
    borders = [whole * i // n_folds for i in range(n_folds + 1)]
    test_sizes = [borders[i + 1] - borders[i] for i in range(n_folds)]
    xp = backends.NUMPY.xp
    splits = []
    for test_size in reversed(test_sizes):
        splits.append(split_dataset(dataset, whole - test_size, xp.asarray(order)))
        if test_size:
            order = order[-test_size:] + order[:-test_size]
    return splits


def get_cross_validation_datasets_random(dataset: Any, n_folds: int, seed: int | None = None
                                         ) -> list[tuple[SubDataset, SubDataset]]:
    """Cross validation folds of a random order, seeded as ``split_dataset_random``."""
    order = permutation(dataset_length(dataset), seed)
    return get_cross_validation_datasets(dataset, n_folds, order)
