"""flip: reverse the order of elements along one axis (its own gradient)."""

from __future__ import annotations

from typing import Any

from ...errors import fail, normalize_axis
from ...function_node import FunctionNode
from ...variable import Variable
from ._args import array_arg


class Flip(FunctionNode):
    __slots__ = ("axis",)

    def __init__(self, axis: int) -> None:
        self.axis = axis

    def forward(self, inputs):
        return (self.xp.flip(inputs[0], axis=self.axis),)

    def backward(self, indexes, grad_outputs):
        return Flip(self.axis).apply(grad_outputs)


def flip(x: Variable | Any, axis: int) -> Variable:
    """``x`` reversed along ``axis`` (required, as in Chainer).

    >>> import numpy as np, flexgrad.functions as F
    >>> F.flip(np.array([[1.0, 2.0], [3.0, 4.0]]), 1).array
    array([[2., 1.],
           [4., 3.]])
    """
    array = array_arg("flip", "x", x)
    if array.ndim == 0:
        fail("flip", "x", "an array with at least one axis", array)
    return Flip(normalize_axis("flip", axis, array.ndim)).apply((x,))[0]
