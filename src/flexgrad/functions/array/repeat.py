"""repeat: each element repeated along an axis; the gradient sums the copies back."""

from __future__ import annotations

import math
from typing import Any

from ... import backends
from ...errors import fail, normalize_axis
from ...function_node import FunctionNode
from ...variable import Variable
from ._args import array_arg, int_tuple


class _RepeatNode(FunctionNode):
    """What Repeat and its gradient share: the repeats, the axis and the source shape.

    ``index`` (the source position of each output element along the axis) is given when
    the repeats differ per element, and is None for one repeat count for all.
    """

    __slots__ = ("repeats", "axis", "index", "in_shape")

    def __init__(self, repeats: tuple[int, ...], axis: int | None, index: Any,
                 in_shape: tuple[int, ...]) -> None:
        self.repeats = repeats
        self.axis = axis
        self.index = index
        self.in_shape = in_shape

    def _same(self, cls: type[_RepeatNode]) -> _RepeatNode:
        return cls(self.repeats, self.axis, self.index, self.in_shape)


class Repeat(_RepeatNode):
    __slots__ = ()

    def forward(self, inputs):
        (x,) = inputs
        xp = self.xp
        axis = self.axis
        if axis is None:
            x, axis = xp.reshape(x, (-1,)), 0
        if self.index is None:
            return (xp.repeat(x, self.repeats[0], axis=axis),)
        return (xp.take(x, self.index, axis=axis),)

    def backward(self, indexes, grad_outputs):
        return self._same(RepeatGrad).apply(grad_outputs)


class RepeatGrad(_RepeatNode):
    """Sums each element's copies: a reshape and sum, or a scatter-add for uneven repeats."""

    __slots__ = ()

    def forward(self, inputs):
        (gy,) = inputs
        xp = self.xp
        shape = self.in_shape
        base, axis = ((math.prod(shape),), 0) if self.axis is None else (shape, self.axis)
        n = base[axis]
        if self.index is None:
            split = base[:axis] + (n, self.repeats[0]) + base[axis + 1:]
            gx = xp.sum(xp.reshape(gy, split), axis=axis + 1)
        else:
            moved = xp.moveaxis(gy, axis, 0)
            target = xp.zeros((n,) + tuple(moved.shape[1:]), dtype=gy.dtype)
            gx = xp.moveaxis(self.backend.scatter_add(target, self.index, moved), 0, axis)
        return (gx if self.axis is not None else xp.reshape(gx, shape),)

    def backward(self, indexes, grad_outputs):
        return self._same(Repeat).apply(grad_outputs)


def repeat(x: Variable | Any, repeats: Any, axis: int | None = None) -> Variable:
    """Repeat each element of ``x`` ``repeats`` times along ``axis``.

    Args:
        x: the Variable or array to repeat.
        repeats: an int (the same count for every element) or a sequence of ints, one per
            element along ``axis``.
        axis: the axis to repeat along; None repeats the elements of the flattened ``x``
            and returns a 1-d result.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.repeat(np.array([[1.0, 2.0], [3.0, 4.0]]), (1, 2), axis=0).array
    array([[1., 2.],
           [3., 4.],
           [3., 4.]])
    """
    array = array_arg("repeat", "x", x)
    repeats = int_tuple("repeat", "repeats", repeats)
    if axis is None:
        n = math.prod(array.shape)
    else:
        if array.ndim == 0:
            fail("repeat", "x", "an array with at least one axis when axis is given", array)
        axis = normalize_axis("repeat", axis, array.ndim)
        n = array.shape[axis]
    index = None
    if len(repeats) != 1:
        if len(repeats) != n:
            fail("repeat", "repeats", f"one int or {n} ints (one per element along the axis)",
                 f"{len(repeats)} ints")
        backend = backends.backend_of(array)
        positions = [i for i, r in enumerate(repeats) for _ in range(r)]
        index = backend.xp.asarray(positions, dtype=backend.dtype("int64"))
    return Repeat(repeats, axis, index, tuple(array.shape)).apply((x,))[0]
