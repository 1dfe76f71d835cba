"""Hyperbolic functions sinh and cosh, and the inverse hyperbolic tangent arctanh."""

from __future__ import annotations

from typing import Any

from ...variable import Variable
from ._unary import UnaryFloat


class Sinh(UnaryFloat):
    __slots__ = ()
    name = "sinh"

    def derivative(self, x, gy):
        return cosh(x) * gy


class Cosh(UnaryFloat):
    __slots__ = ()
    name = "cosh"

    def derivative(self, x, gy):
        return sinh(x) * gy


class Arctanh(UnaryFloat):
    __slots__ = ()
    name = "arctanh"

    def compute(self, xp, x):
        return xp.atanh(x)

    def derivative(self, x, gy):
        return gy / (1 - x * x)


def sinh(x: Variable | Any) -> Variable:
    """Elementwise hyperbolic sine.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.sinh(np.array([0.0, 1.0])).array
    array([0.        , 1.17520119])
    """
    return Sinh().apply((x,))[0]


def cosh(x: Variable | Any) -> Variable:
    """Elementwise hyperbolic cosine.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.cosh(np.array([0.0, 1.0])).array
    array([1.        , 1.54308063])
    """
    return Cosh().apply((x,))[0]


def arctanh(x: Variable | Any) -> Variable:
    """Elementwise inverse hyperbolic tangent, for ``x`` in ``(-1, 1)``.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.arctanh(np.array([0.0, 0.5])).array
    array([0.        , 0.54930614])
    """
    return Arctanh().apply((x,))[0]
