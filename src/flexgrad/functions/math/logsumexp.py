"""log(sum(exp(x))) over axes, computed stably."""

from __future__ import annotations

from typing import Any

from ...errors import expect_float
from ...function_node import FunctionNode
from ...variable import Variable
from ..array.reshape import reshape
from ._reduction import check_nonempty, keepdims_shape, reduced_axes
from .exponential import exp


class LogSumExp(FunctionNode):
    """``m + log(sum(exp(x - m)))`` with ``m`` the max; the gradient is ``gy * exp(x - y)``."""

    __slots__ = ("axis", "_axes")

    def __init__(self, axis: Any = None) -> None:
        self.axis = axis

    def forward(self, inputs):
        (x,) = inputs
        xp = self.xp
        expect_float("logsumexp", "x", x, self.backend)
        axes = self._axes = reduced_axes("logsumexp", self.axis, x.ndim)
        check_nonempty("logsumexp", x, axes)
        m = xp.max(x, axis=axes, keepdims=True)
        # A slice of infinities would give inf - inf = nan; shifting it by 0 is exact.
        m = xp.where(xp.isfinite(m), m, xp.zeros_like(m))
        y = xp.log(xp.sum(xp.exp(x - m), axis=axes, keepdims=True)) + m
        self.retain_inputs((0,))
        self.retain_outputs((0,))
        return (xp.reshape(y, tuple(n for i, n in enumerate(x.shape) if i not in axes)),)

    def backward(self, indexes, grad_outputs):
        (x,) = self.get_retained_inputs()
        (y,) = self.get_retained_outputs()
        shape = keepdims_shape(tuple(x.shape), self._axes)
        return (reshape(grad_outputs[0], shape) * exp(x - reshape(y, shape)),)


def logsumexp(x: Variable | Any, axis: Any = None) -> Variable:
    """``log(sum(exp(x), axis))``, without overflow: the max is subtracted first.

    Args:
        axis: None (all axes), an int or a tuple of ints; negative axes count from the end.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.logsumexp(np.array([1000.0, 1000.0])).array
    array(1000.69314718)
    """
    return LogSumExp(axis).apply((x,))[0]
