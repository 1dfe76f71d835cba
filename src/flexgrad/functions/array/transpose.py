"""Axis permutations: transpose and swapaxes."""

from __future__ import annotations

from typing import Any

from ...errors import fail, normalize_axis
from ...function_node import FunctionNode
from ...variable import Variable
from ._args import array_arg


class Transpose(FunctionNode):
    __slots__ = ("axes",)

    def __init__(self, axes: tuple[int, ...]) -> None:
        self.axes = axes

    def forward(self, inputs):
        return (self.xp.permute_dims(inputs[0], self.axes),)

    def backward(self, indexes, grad_outputs):
        inverse = tuple(sorted(range(len(self.axes)), key=self.axes.__getitem__))
        return (Transpose(inverse).apply(grad_outputs)[0],)


def transpose(x: Variable | Any, axes: Any = None) -> Variable:
    """``x`` with its axes permuted (reversed when ``axes`` is None).

    >>> import numpy as np, flexgrad.functions as F
    >>> F.transpose(np.zeros((2, 3, 4)), (1, 0, 2)).shape
    (3, 2, 4)
    """
    ndim = array_arg("transpose", "x", x).ndim
    if axes is None:
        axes = tuple(range(ndim))[::-1]
    else:
        axes = tuple(normalize_axis("transpose", a, ndim, "axes") for a in axes)
        if sorted(axes) != list(range(ndim)):
            fail("transpose", "axes", f"a permutation of range({ndim})", f"{axes}")
    return Transpose(axes).apply((x,))[0]


def swapaxes(x: Variable | Any, axis1: int, axis2: int) -> Variable:
    """``x`` with two axes exchanged."""
    ndim = array_arg("swapaxes", "x", x).ndim
    a1 = normalize_axis("swapaxes", axis1, ndim, "axis1")
    a2 = normalize_axis("swapaxes", axis2, ndim, "axis2")
    axes = list(range(ndim))
    axes[a1], axes[a2] = axes[a2], axes[a1]
    return Transpose(tuple(axes)).apply((x,))[0]
