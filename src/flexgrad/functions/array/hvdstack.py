"""hstack, vstack and dstack: NumPy's joins along the first, second or third axis."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ...variable import Variable
from ._args import arrays_arg
from .concat import concat
from .reshape import reshape


def _at_least(fn: str, xs: Sequence[Variable | Any], ndim: int,
              shape_of: Any) -> list[Variable | Any]:
    """``xs`` with fewer than ``ndim`` axes reshaped as ``shape_of(shape)`` says."""
    arrays = arrays_arg(fn, "xs", xs)
    return [x if a.ndim >= ndim else reshape(x, shape_of(tuple(a.shape)))
            for x, a in zip(xs, arrays, strict=True)]


def hstack(xs: Sequence[Variable | Any]) -> Variable:
    """Join ``xs`` along axis 1, or along axis 0 when they are 1-d (0-d become 1-d).

    A composite of reshape and concat, so it needs no backward of its own.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.hstack([np.zeros((2, 1)), np.ones((2, 2))]).shape
    (2, 3)
    """
    xs = _at_least("hstack", xs, 1, lambda shape: (1,))
    return concat(xs, 0 if xs[0].ndim == 1 else 1)


def vstack(xs: Sequence[Variable | Any]) -> Variable:
    """Join ``xs`` along axis 0, 1-d arrays ``(N,)`` taken as rows ``(1, N)``.

    A composite of reshape and concat, so it needs no backward of its own.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.vstack([np.zeros(3), np.ones(3)]).shape
    (2, 3)
    """
    xs = _at_least("vstack", xs, 2, lambda shape: (1, shape[0] if shape else 1))
    return concat(xs, 0)


def dstack(xs: Sequence[Variable | Any]) -> Variable:
    """Join ``xs`` along axis 2: ``(M, N)`` is taken as ``(M, N, 1)``, ``(N,)`` as
    ``(1, N, 1)``.

    A composite of reshape and concat, so it needs no backward of its own.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.dstack([np.zeros((2, 3)), np.ones((2, 3))]).shape
    (2, 3, 2)
    """
    xs = _at_least("dstack", xs, 3, lambda shape: {0: (1, 1, 1), 1: (1, *shape, 1)}.get(
        len(shape), (*shape, 1)))
    return concat(xs, 2)
