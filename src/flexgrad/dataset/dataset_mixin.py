"""Chainer's ``DatasetMixin``: write ``__len__`` and ``get_example``, get indexing free."""

from __future__ import annotations

from typing import Any

from .. import backends


class DatasetMixin:
    """A dataset from ``get_example(i)``: ``d[i]``, ``d[a:b:c]`` and ``d[[i, j]]`` work.

    A slice, a list or a 1-d integer array of indices gives a list of examples.

    >>> class Squares(DatasetMixin):
    ...     def __len__(self):
    ...         return 5
    ...     def get_example(self, i):
    ...         return i * i
    >>> d = Squares()
    >>> d[2], d[1:4], d[[0, 4]]
    (4, [1, 4, 9], [0, 16])
    """

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self.get_example(i) for i in range(*index.indices(len(self)))]
        if isinstance(index, list) or (backends.is_array(index) and index.ndim > 0):
            return [self.get_example(int(i)) for i in index]
        return self.get_example(index)

    def __len__(self) -> int:
        """The number of examples."""
        raise NotImplementedError

    def get_example(self, i: int) -> Any:
        """The ``i``-th example."""
        raise NotImplementedError
