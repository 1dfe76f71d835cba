"""flipud and fliplr: ``flip`` along the first and the second axis, as in NumPy."""

from __future__ import annotations

from typing import Any

from ...errors import fail
from ...variable import Variable
from ._args import array_arg
from .flip import Flip


def _flip_axis(fn: str, x: Variable | Any, axis: int) -> Variable:
    array = array_arg(fn, "x", x)
    if array.ndim <= axis:
        fail(fn, "x", f"an array with at least {axis + 1} axes", array)
    return Flip(axis).apply((x,))[0]


def flipud(x: Variable | Any) -> Variable:
    """``x`` reversed along axis 0 (up/down for a matrix).

    >>> import numpy as np, flexgrad.functions as F
    >>> F.flipud(np.array([[1.0, 2.0], [3.0, 4.0]])).array
    array([[3., 4.],
           [1., 2.]])
    """
    return _flip_axis("flipud", x, 0)


def fliplr(x: Variable | Any) -> Variable:
    """``x`` reversed along axis 1 (left/right for a matrix); ``x`` needs 2 or more axes.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.fliplr(np.array([[1.0, 2.0], [3.0, 4.0]])).array
    array([[2., 1.],
           [4., 3.]])
    """
    return _flip_axis("fliplr", x, 1)
