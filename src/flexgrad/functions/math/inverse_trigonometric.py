"""Inverse trigonometric functions: arcsin, arccos, arctan, and arctan2 of two arrays."""

from __future__ import annotations

from typing import Any

from ...errors import expect_float, expect_same_dtype
from ...function_node import FunctionNode
from ...variable import Variable
from ..array.broadcast import sum_to
from ._operands import check_broadcast, with_constants
from ._unary import UnaryFloat
from .rsqrt import rsqrt


class Arcsin(UnaryFloat):
    __slots__ = ()
    name = "arcsin"

    def compute(self, xp, x):
        return xp.asin(x)

    def derivative(self, x, gy):
        return rsqrt(1 - x * x) * gy


class Arccos(UnaryFloat):
    __slots__ = ()
    name = "arccos"

    def compute(self, xp, x):
        return xp.acos(x)

    def derivative(self, x, gy):
        return -(rsqrt(1 - x * x) * gy)


class Arctan(UnaryFloat):
    __slots__ = ()
    name = "arctan"

    def compute(self, xp, x):
        return xp.atan(x)

    def derivative(self, x, gy):
        return gy / (1 + x * x)


class Arctan2(FunctionNode):
    """The angle of the point ``(x2, x1)``; the gradient is ``(x2, -x1) / (x1² + x2²)``."""

    __slots__ = ("_shapes",)

    def forward(self, inputs):
        x1, x2 = inputs
        expect_float("arctan2", "x1", x1, self.backend)
        if x1.dtype != x2.dtype:
            expect_same_dtype("arctan2", ("x1", "x2"), (x1, x2))
        check_broadcast("arctan2", ("x1", "x2"), (x1, x2))
        self._shapes = (tuple(x1.shape), tuple(x2.shape))
        self.retain_inputs((0, 1))
        return (self.xp.atan2(x1, x2),)

    def backward(self, indexes, grad_outputs):
        x1, x2 = self.get_retained_inputs()
        g = grad_outputs[0] / (x1 * x1 + x2 * x2)
        return tuple(sum_to(g * x2 if i == 0 else -(g * x1), self._shapes[i]) for i in indexes)


def arcsin(x: Variable | Any) -> Variable:
    """Elementwise inverse sine, in ``[-pi/2, pi/2]``.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.arcsin(np.array([0.0, 1.0])).array
    array([0.        , 1.57079633])
    """
    return Arcsin().apply((x,))[0]


def arccos(x: Variable | Any) -> Variable:
    """Elementwise inverse cosine, in ``[0, pi]``.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.arccos(np.array([1.0, 0.0])).array
    array([0.        , 1.57079633])
    """
    return Arccos().apply((x,))[0]


def arctan(x: Variable | Any) -> Variable:
    """Elementwise inverse tangent, in ``(-pi/2, pi/2)``.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.arctan(np.array([0.0, 1.0])).array
    array([0.        , 0.78539816])
    """
    return Arctan().apply((x,))[0]


def arctan2(x1: Variable | Any, x2: Variable | Any) -> Variable:
    """Elementwise angle of the point ``(x2, x1)``, in ``[-pi, pi]`` (broadcasting).

    Either operand may be a Python scalar, treated as a constant.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.arctan2(np.array([1.0, -1.0]), np.array([0.0, -1.0])).array
    array([ 1.57079633, -2.35619449])
    """
    return Arctan2().apply(with_constants("arctan2", ("x1", "x2"), (x1, x2)))[0]
