"""Chainer's ``DictDataset``: equal-length datasets by name, examples as dicts."""

from __future__ import annotations

from typing import Any

from ..dataset._check import dataset_length, fail
from .tuple_dataset import _is_many, _pick


class DictDataset:
    """``d[i] == {'x': x[i], 't': t[i]}`` for ``DictDataset(x=x, t=t)``.

    >>> import numpy as np
    >>> DictDataset(x=np.arange(3), t=[5, 6, 7])[2]
    {'x': np.int64(2), 't': 7}
    """

    def __init__(self, **datasets: Any) -> None:
        if not datasets:
            fail("flexgrad.datasets.DictDataset", "datasets", "at least one dataset", "none")
        length = None
        for key, dataset in datasets.items():
            if length is None:
                length, first = dataset_length(dataset), key
            elif dataset_length(dataset) != length:
                fail("flexgrad.datasets.DictDataset", key,
                     f"length {length} (that of {first!r})",
                     f"length {dataset_length(dataset)}")
        self._datasets = datasets
        self._length = length

    def __getitem__(self, index: Any) -> Any:
        batches = {key: _pick(dataset, index) for key, dataset in self._datasets.items()}
        if _is_many(index):
            length = dataset_length(next(iter(batches.values())))
            return [{key: batch[i] for key, batch in batches.items()} for i in range(length)]
        return batches

    def __len__(self) -> int:
        return self._length
