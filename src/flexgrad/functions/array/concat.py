"""concat: join arrays along an existing axis; the gradient splits it back."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ...errors import expect_same_dtype, fail, normalize_axis
from ...function_node import FunctionNode
from ...variable import Variable
from ._args import arrays_arg
from .split_axis import split_axis


class Concat(FunctionNode):
    """Inputs joined along ``axis``; keeps only where each input ends."""

    __slots__ = ("axis", "_ends")

    def __init__(self, axis: int) -> None:
        self.axis = axis

    def forward(self, inputs):
        ends, total = [], 0
        for x in inputs[:-1]:
            total += x.shape[self.axis]
            ends.append(total)
        self._ends = ends
        joined = self.xp.concat(list(inputs), axis=self.axis)
        return (self.backend.coalesce(joined, self.axis),)

    def backward(self, indexes, grad_outputs):
        gxs = split_axis(grad_outputs[0], self._ends, self.axis)
        return tuple(gxs[i] for i in indexes)


def concat(xs: Sequence[Variable | Any], axis: int = 1) -> Variable:
    """Concatenate ``xs`` along ``axis`` (Chainer's default is ``axis=1``, not 0).

    Args:
        xs: Variables or arrays of one dtype whose shapes agree except along ``axis``.
        axis: the axis to join along.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.concat((np.zeros((2, 1)), np.ones((2, 2)))).array
    array([[0., 1., 1.],
           [0., 1., 1.]])
    """
    arrays = arrays_arg("concat", "xs", xs)
    first = arrays[0]
    if first.ndim == 0:
        fail("concat", "xs[0]", "an array with at least one axis", first)
    axis = normalize_axis("concat", axis, first.ndim)
    names = [f"xs[{i}]" for i in range(len(arrays))]
    expect_same_dtype("concat", names, arrays)
    shape = tuple(first.shape)
    for name, a in zip(names[1:], arrays[1:], strict=True):
        other = tuple(a.shape)
        if len(other) != len(shape) or other[:axis] + other[axis + 1:] != (
            shape[:axis] + shape[axis + 1:]
        ):
            fail("concat", name, f"the shape of xs[0] {shape} except along axis {axis}", a)
    return Concat(axis).apply(xs)[0]
