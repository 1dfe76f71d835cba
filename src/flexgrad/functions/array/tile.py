"""tile: the whole array repeated along each axis; the gradient sums the tiles."""

from __future__ import annotations

from typing import Any

from ...function_node import FunctionNode
from ...variable import Variable
from ._args import array_arg, int_tuple
from .broadcast import sum_to
from .reshape import reshape


class Tile(FunctionNode):
    """``xp.tile``; backward views the output as (tiles, size) pairs per axis and sums tiles."""

    __slots__ = ("reps", "_in_shape")

    def __init__(self, reps: tuple[int, ...]) -> None:
        self.reps = reps

    def forward(self, inputs):
        (x,) = inputs
        self._in_shape = tuple(x.shape)
        return (self.xp.tile(x, self.reps),)

    def backward(self, indexes, grad_outputs):
        shape, reps = self._in_shape, self.reps
        ndim = max(len(shape), len(reps))
        shape_p = (1,) * (ndim - len(shape)) + shape
        reps_p = (1,) * (ndim - len(reps)) + reps
        pairs = tuple(d for r, s in zip(reps_p, shape_p, strict=True) for d in (r, s))
        one_tile = tuple(d for s in shape_p for d in (1, s))
        return (reshape(sum_to(reshape(grad_outputs[0], pairs), one_tile), shape),)


def tile(x: Variable | Any, reps: Any) -> Variable:
    """``x`` repeated ``reps`` times along each axis, as ``numpy.tile``.

    Args:
        x: the Variable or array to tile.
        reps: an int or a tuple of ints; the shorter of ``reps`` and ``x.shape`` is padded
            with leading ones.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.tile(np.array([1.0, 2.0]), (2, 2)).array
    array([[1., 2., 1., 2.],
           [1., 2., 1., 2.]])
    """
    array_arg("tile", "x", x)
    return Tile(int_tuple("tile", "reps", reps)).apply((x,))[0]
