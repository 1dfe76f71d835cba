"""Sine, cosine and tangent, elementwise on float arrays (radians)."""

from __future__ import annotations

from typing import Any

from ...variable import Variable
from ._unary import UnaryFloat


class Sin(UnaryFloat):
    __slots__ = ()
    name = "sin"

    def derivative(self, x, gy):
        return cos(x) * gy


class Cos(UnaryFloat):
    __slots__ = ()
    name = "cos"

    def derivative(self, x, gy):
        return -(sin(x) * gy)


class Tan(UnaryFloat):
    """tan(x); its derivative ``1 + tan(x)**2`` comes from the kept output."""

    __slots__ = ()
    name = "tan"
    uses_output = True

    def derivative(self, y, gy):
        return gy * (y * y + 1)


def sin(x: Variable | Any) -> Variable:
    """Elementwise sine.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.sin(np.array([0.0, np.pi / 2])).array
    array([0., 1.])
    """
    return Sin().apply((x,))[0]


def cos(x: Variable | Any) -> Variable:
    """Elementwise cosine.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.cos(np.array([0.0, np.pi])).array
    array([ 1., -1.])
    """
    return Cos().apply((x,))[0]


def tan(x: Variable | Any) -> Variable:
    """Elementwise tangent.

    >>> import numpy as np, flexgrad.functions as F
    >>> np.round(F.tan(np.array([0.0, np.pi / 4])).array, 6)
    array([0., 1.])
    """
    return Tan().apply((x,))[0]
