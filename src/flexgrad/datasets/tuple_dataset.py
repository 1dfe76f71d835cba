"""Chainer's ``TupleDataset``: equal-length datasets zipped into examples of tuples."""

from __future__ import annotations

from typing import Any

from .. import backends
from ..dataset._check import dataset_length, fail
from ..dataset._indexing import example


def _is_many(index: Any) -> bool:
    """Whether ``index`` picks several examples (a slice, a list or a 1-d index array)."""
    return isinstance(index, (slice, list)) or (backends.is_array(index) and index.ndim > 0)


def _pick(dataset: Any, index: Any) -> Any:
    """``dataset[index]``; several indices on an array go through ``xp.take``, on
    anything else one by one (a Python list cannot take a list index)."""
    if isinstance(index, slice) or not _is_many(index):
        return example(dataset, index)
    if not backends.is_array(dataset):
        return [dataset[int(i)] for i in index]
    backend = backends.backend_of(dataset)
    if not (backends.is_array(index) and backends.backend_of(index) is backend):
        index = backend.xp.asarray([int(i) for i in index], dtype=backend.xp.int64,
                                   device=backend.device_arg(dataset))
    return backend.xp.take(dataset, index, axis=0)


class TupleDataset:
    """``d[i] == (a[i], b[i], ...)`` for datasets ``a, b, ...`` of one length.

    A slice or list index gives a list of tuples.

    >>> import numpy as np
    >>> d = TupleDataset(np.arange(6).reshape(3, 2), ['a', 'b', 'c'])
    >>> d[1], len(d), d[1:][1]
    ((array([2, 3]), 'b'), 3, (array([4, 5]), 'c'))
    """

    def __init__(self, *datasets: Any) -> None:
        if not datasets:
            fail("flexgrad.datasets.TupleDataset", "datasets", "at least one dataset",
                 "none")
        length = dataset_length(datasets[0])
        for i, dataset in enumerate(datasets):
            if dataset_length(dataset) != length:
                fail("flexgrad.datasets.TupleDataset", f"datasets[{i}]",
                     f"length {length} (that of datasets[0])",
                     f"length {dataset_length(dataset)}")
        self._datasets = datasets
        self._length = length

    def __getitem__(self, index: Any) -> Any:
        batches = [_pick(dataset, index) for dataset in self._datasets]
        if _is_many(index):
            count = dataset_length(batches[0])
            return [tuple(batch[i] for batch in batches) for i in range(count)]
        return tuple(batches)

    def __len__(self) -> int:
        return self._length
