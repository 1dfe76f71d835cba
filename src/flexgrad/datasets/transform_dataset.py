"""Chainer's ``TransformDataset``: a function applied to each example as it is read."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..dataset._check import dataset_length
from ..dataset._indexing import example
from ..dataset.dataset_mixin import DatasetMixin


class TransformDataset(DatasetMixin):
    """``d[i] == transform(dataset[i])``, computed on every access (augmentation).

    >>> TransformDataset([1, 2, 3], lambda x: x * 10)[1:]
    [20, 30]
    """

    def __init__(self, dataset: Any, transform: Callable[[Any], Any]) -> None:
        self._dataset = dataset
        self._transform = transform

    def __len__(self) -> int:
        return dataset_length(self._dataset)

    def get_example(self, i: int) -> Any:
        return self._transform(example(self._dataset, i))
