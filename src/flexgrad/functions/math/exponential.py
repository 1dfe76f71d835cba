"""Exponentials, logarithms, square root and square, elementwise on float arrays."""

from __future__ import annotations

from typing import Any

from ...variable import Variable
from ._unary import UnaryFloat


class Exp(UnaryFloat):
    __slots__ = ()
    name = "exp"
    uses_output = True

    def derivative(self, y, gy):
        return gy * y


class Log(UnaryFloat):
    __slots__ = ()
    name = "log"

    def derivative(self, x, gy):
        return gy / x


class Log1p(UnaryFloat):
    __slots__ = ()
    name = "log1p"

    def derivative(self, x, gy):
        return gy / (x + 1)


class Expm1(UnaryFloat):
    __slots__ = ()
    name = "expm1"
    uses_output = True

    def derivative(self, y, gy):
        return gy * (y + 1)


class Sqrt(UnaryFloat):
    __slots__ = ()
    name = "sqrt"
    uses_output = True

    def derivative(self, y, gy):
        return gy / (2 * y)


class Square(UnaryFloat):
    __slots__ = ()
    name = "square"

    def derivative(self, x, gy):
        return gy * (2 * x)


def exp(x: Variable | Any) -> Variable:
    """Elementwise ``e ** x``.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.exp(np.array([0.0, 1.0])).array
    array([1.        , 2.71828183])
    """
    return Exp().apply((x,))[0]


def log(x: Variable | Any) -> Variable:
    """Elementwise natural logarithm.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.log(np.array([1.0, np.e])).array
    array([0., 1.])
    """
    return Log().apply((x,))[0]


def log1p(x: Variable | Any) -> Variable:
    """Elementwise ``log(1 + x)``, accurate for small ``x``.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.log1p(np.array([0.0, 1e-10])).array
    array([0.e+00, 1.e-10])
    """
    return Log1p().apply((x,))[0]


def expm1(x: Variable | Any) -> Variable:
    """Elementwise ``exp(x) - 1``, accurate for small ``x``.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.expm1(np.array([0.0, 1e-10])).array
    array([0.e+00, 1.e-10])
    """
    return Expm1().apply((x,))[0]


def sqrt(x: Variable | Any) -> Variable:
    """Elementwise square root.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.sqrt(np.array([4.0, 9.0])).array
    array([2., 3.])
    """
    return Sqrt().apply((x,))[0]


def square(x: Variable | Any) -> Variable:
    """Elementwise ``x * x``.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.square(np.array([-2.0, 3.0])).array
    array([4., 9.])
    """
    return Square().apply((x,))[0]
