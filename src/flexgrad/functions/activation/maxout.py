"""Maxout: the maximum over groups of ``pool_size`` consecutive channels."""

from __future__ import annotations

from typing import Any

from ...errors import fail, normalize_axis
from ...variable import Variable
from ..array._args import is_int
from ..array.reshape import reshape
from ..math.minmax import max as max_
from ._args import float_arg


def maxout(x: Variable | Any, pool_size: int, axis: int = 1) -> Variable:
    """The maximum over each group of ``pool_size`` consecutive entries along ``axis``.

    ``x.shape[axis]`` must be a multiple of ``pool_size``; the output has
    ``x.shape[axis] // pool_size`` entries there. A composite of :func:`reshape` and
    :func:`max`: it has no backward of its own (ties send the gradient as ``max`` does).

    >>> import numpy as np, flexgrad.functions as F
    >>> F.maxout(np.array([[1.0, 4.0, 3.0, 2.0]]), 2).array
    array([[4., 3.]])
    """
    data = float_arg("maxout", "x", x)
    if not is_int(pool_size):
        fail("maxout", "pool_size", "an int", f"{pool_size!r}", kind="type")
    if pool_size <= 0:
        fail("maxout", "pool_size", "a positive int", f"{pool_size!r}")
    if data.ndim == 0:
        fail("maxout", "x", "an array with at least one axis", data)
    axis = normalize_axis("maxout", axis, data.ndim)
    shape = tuple(data.shape)
    if shape[axis] % pool_size:
        fail("maxout", "pool_size", f"a divisor of x.shape[{axis}] = {shape[axis]}",
             f"{pool_size}")
    grouped = shape[:axis] + (shape[axis] // pool_size, pool_size) + shape[axis + 1:]
    return max_(reshape(x, grouped), axis=axis + 1)
