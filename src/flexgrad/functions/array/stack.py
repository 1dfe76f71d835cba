"""stack: join same-shaped arrays along a new axis; the gradient splits and squeezes it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ...errors import expect_same_dtype, fail, normalize_axis
from ...function_node import FunctionNode
from ...variable import Variable
from ._args import arrays_arg
from .reshape import reshape
from .split_axis import split_axis


class Stack(FunctionNode):
    __slots__ = ("axis", "_in_shape", "_count")

    def __init__(self, axis: int) -> None:
        self.axis = axis

    def forward(self, inputs):
        self._in_shape = tuple(inputs[0].shape)
        self._count = len(inputs)
        return (self.backend.coalesce(self.xp.stack(list(inputs), axis=self.axis), self.axis),)

    def backward(self, indexes, grad_outputs):
        gys = split_axis(grad_outputs[0], self._count, self.axis)
        return tuple(reshape(gys[i], self._in_shape) for i in indexes)


def stack(xs: Sequence[Variable | Any], axis: int = 0) -> Variable:
    """Stack same-shaped ``xs`` along a new axis at position ``axis``.

    Args:
        xs: Variables or arrays of one shape and dtype.
        axis: where the new axis goes, in ``[-ndim - 1, ndim]``.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.stack((np.zeros(3), np.ones(3)), axis=1).shape
    (3, 2)
    """
    arrays = arrays_arg("stack", "xs", xs)
    axis = normalize_axis("stack", axis, arrays[0].ndim + 1)
    names = [f"xs[{i}]" for i in range(len(arrays))]
    expect_same_dtype("stack", names, arrays)
    shape = tuple(arrays[0].shape)
    for name, a in zip(names[1:], arrays[1:], strict=True):
        if tuple(a.shape) != shape:
            fail("stack", name, f"the shape of xs[0] {shape}", a)
    return Stack(axis).apply(xs)[0]
