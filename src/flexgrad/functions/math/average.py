"""Mean and weighted average over axes: ``mean``, and ``average``, Chainer's name for it."""

from __future__ import annotations

import math
from typing import Any

from ...backends import backend_of
from ...errors import expect_float, expect_same_dtype, fail
from ...variable import Variable
from ..array.broadcast import broadcast_to
from ..array.reshape import reshape
from ._operands import array_of
from ._reduction import reduced_axes
from .sum import Sum
from .sum import sum as _sum


class Mean(Sum):
    """Mean over ``axis``; the gradient is the output's divided by the count, broadcast."""

    __slots__ = ()
    name = "mean"

    def reduce(self, x):
        return self.xp.mean(x, axis=self._axes, keepdims=self.keepdims)

    def scale(self, gy):
        count = math.prod(self._shape[a] for a in self._axes)
        return gy * (1.0 / count) if count else gy


def mean(x: Variable | Any, axis: Any = None, weights: Variable | Any = None,
            keepdims: bool = False) -> Variable:
    """Mean of ``x`` over ``axis``, or its weighted average when ``weights`` is given.

    Args:
        axis: None (all axes), an int or a tuple of ints (one axis only with weights).
        weights: None, or an array or Variable of ``x``'s dtype: of ``x``'s shape when
            ``axis`` is None, else of shape ``(x.shape[axis],)``. It gets a gradient too.
        keepdims: keep the reduced axes with length 1.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.mean(np.array([1.0, 2.0, 6.0])).array
    array(3.)
    >>> F.mean(np.array([1.0, 3.0]), weights=np.array([3.0, 1.0])).array
    array(1.5)
    """
    if weights is None:
        return Mean(axis, keepdims).apply((x,))[0]
    xa = array_of("mean", "x", x)
    wa = array_of("mean", "weights", weights)
    expect_float("mean", "x", xa, backend_of(xa))
    expect_same_dtype("mean", ("x", "weights"), (xa, wa))
    axes = reduced_axes("mean", axis, xa.ndim)
    shape = tuple(xa.shape)
    if axis is None:
        expected = shape
    elif len(axes) == 1:
        expected = (shape[axes[0]],)
    else:
        fail("mean", "axis", "None or a single axis when weights are given", f"{axis!r}")
    if tuple(wa.shape) != expected:
        fail("mean", "weights", f"shape {expected}", wa)
    total = _sum(weights)
    if axis is not None:
        w_shape = tuple(n if i in axes else 1 for i, n in enumerate(shape))
        weights = broadcast_to(reshape(weights, w_shape), shape)
    return _sum(x * weights, axes, keepdims) / total


average = mean
