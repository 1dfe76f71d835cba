"""Chainer's ``ConcatenatedDataset``: several datasets read as one, end to end."""

from __future__ import annotations

from typing import Any

from ..dataset._check import dataset_length
from ..dataset._indexing import example
from ..dataset.dataset_mixin import DatasetMixin


class ConcatenatedDataset(DatasetMixin):
    """The examples of ``datasets[0]``, then those of ``datasets[1]``, and so on.

    >>> ConcatenatedDataset([1, 2], [3])[:]
    [1, 2, 3]
    """

    def __init__(self, *datasets: Any) -> None:
        self._datasets = datasets

    def __len__(self) -> int:
        return sum(dataset_length(dataset) for dataset in self._datasets)

    def get_example(self, i: int) -> Any:
        if i < 0:
            i += len(self)
        if i < 0:
            raise IndexError("dataset index out of range")
        for dataset in self._datasets:
            if i < dataset_length(dataset):
                return example(dataset, i)
            i -= dataset_length(dataset)
        raise IndexError("dataset index out of range")
