"""Maximum and minimum over axes (reductions; the elementwise ones are in ``select``)."""

from __future__ import annotations

from typing import Any

from ...errors import expect_float
from ...function_node import FunctionNode
from ...variable import Variable
from ._reduction import check_nonempty, keepdims_shape, reduced_axes, unreduce
from .select import where


class _ExtremeOverAxes(FunctionNode):
    """Max or min over ``axis``; every position equal to the result gets the whole gradient.

    That is Chainer's rule for ties: with two equal maxima, each receives ``gy``.
    """

    __slots__ = ("axis", "keepdims", "_axes")
    name = ""

    def __init__(self, axis: Any = None, keepdims: bool = False) -> None:
        self.axis = axis
        self.keepdims = keepdims

    def forward(self, inputs):
        (x,) = inputs
        expect_float(self.name, "x", x, self.backend)
        axes = self._axes = reduced_axes(self.name, self.axis, x.ndim)
        check_nonempty(self.name, x, axes)
        self.retain_inputs((0,))
        self.retain_outputs((0,))
        return (getattr(self.xp, self.name)(x, axis=axes, keepdims=self.keepdims),)

    def backward(self, indexes, grad_outputs):
        (x,) = self.get_retained_inputs()
        (y,) = self.get_retained_outputs()
        shape = tuple(x.shape)
        hit = x.array == self.xp.reshape(y.array, keepdims_shape(shape, self._axes))
        return (where(hit, unreduce(grad_outputs[0], self._axes, shape, self.keepdims), 0.0),)


class Max(_ExtremeOverAxes):
    __slots__ = ()
    name = "max"


class Min(_ExtremeOverAxes):
    __slots__ = ()
    name = "min"


def max(x: Variable | Any, axis: Any = None, keepdims: bool = False) -> Variable:  # noqa: A001
    """Maximum of ``x`` over ``axis`` (all axes when None).

    Ties: every position that attains the maximum receives the full gradient (Chainer's
    rule), so the gradient of ``max([1, 1])`` is ``[1, 1]``.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.max(np.array([[1.0, 4.0], [3.0, 2.0]]), axis=1).array
    array([4., 3.])
    """
    return Max(axis, keepdims).apply((x,))[0]


def min(x: Variable | Any, axis: Any = None, keepdims: bool = False) -> Variable:  # noqa: A001
    """Minimum of ``x`` over ``axis`` (all axes when None).

    Ties: every position that attains the minimum receives the full gradient (Chainer's
    rule).

    >>> import numpy as np, flexgrad.functions as F
    >>> F.min(np.array([[1.0, 4.0], [3.0, 2.0]]), axis=-1, keepdims=True).array
    array([[1.],
           [2.]])
    """
    return Min(axis, keepdims).apply((x,))[0]
