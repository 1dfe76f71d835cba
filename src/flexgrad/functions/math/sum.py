"""Sum of array elements over axes."""

from __future__ import annotations

from typing import Any

from ...errors import expect_float
from ...function_node import FunctionNode
from ...variable import Variable
from ._reduction import reduced_axes, unreduce


class Sum(FunctionNode):
    """Sum over ``axis``; the gradient is the output's, broadcast back."""

    __slots__ = ("axis", "keepdims", "_axes", "_shape")
    name = "sum"

    def __init__(self, axis: Any = None, keepdims: bool = False) -> None:
        self.axis = axis
        self.keepdims = keepdims

    def reduce(self, x: Any) -> Any:
        return self.xp.sum(x, axis=self._axes, keepdims=self.keepdims)

    def forward(self, inputs):
        (x,) = inputs
        expect_float(self.name, "x", x, self.backend)
        self._axes = reduced_axes(self.name, self.axis, x.ndim)
        self._shape = tuple(x.shape)
        return (self.reduce(x),)

    def scale(self, gy: Variable) -> Variable:
        return gy

    def backward(self, indexes, grad_outputs):
        gy = self.scale(grad_outputs[0])
        return (unreduce(gy, self._axes, self._shape, self.keepdims),)


def sum(x: Variable | Any, axis: Any = None, keepdims: bool = False) -> Variable:  # noqa: A001
    """Sum of the elements of ``x`` over ``axis`` (all axes when None).

    Args:
        axis: None, an int or a tuple of ints; negative axes count from the end.
        keepdims: keep the reduced axes with length 1.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.sum(np.array([[1.0, 2.0], [3.0, 4.0]]), axis=0).array
    array([4., 6.])
    """
    return Sum(axis, keepdims).apply((x,))[0]
