"""Parameter: a link that holds one array to learn, for a model that needs a bare weight."""

from __future__ import annotations

from typing import Any

from ...link import Link
from ...variable import Parameter as _Parameter
from ...variable import Variable
from .. import _params


class Parameter(Link):
    """A link whose one parameter ``W`` starts as ``array``; calling it returns ``W``.

    The link lives on ``array``'s device, so a CuPy or Dask array gives a link there.

    Args:
        array: the initial value of ``W`` (any backend's array).

    >>> import numpy as np, flexgrad.links as L
    >>> L.Parameter(np.zeros((2, 3), np.float32))().shape
    (2, 3)
    """

    def __init__(self, array: Any) -> None:
        super().__init__()
        with self.init_scope():
            self.W = _Parameter(array)
        _params.adopt_device(self, array)

    def forward(self, *args: Any, **kwargs: Any) -> Variable:
        """``W`` itself (Chainer's call takes and ignores a ``volatile`` flag)."""
        return self.W
