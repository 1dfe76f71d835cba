"""Logarithms to base 2 and 10, elementwise (the natural one is in ``exponential``)."""

from __future__ import annotations

import math
from typing import Any

from ...variable import Variable
from ._unary import UnaryFloat


class Log2(UnaryFloat):
    __slots__ = ()
    name = "log2"

    def derivative(self, x, gy):
        return gy / (x * math.log(2.0))


class Log10(UnaryFloat):
    __slots__ = ()
    name = "log10"

    def derivative(self, x, gy):
        return gy / (x * math.log(10.0))


def log2(x: Variable | Any) -> Variable:
    """Elementwise base-2 logarithm.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.log2(np.array([1.0, 8.0])).array
    array([0., 3.])
    """
    return Log2().apply((x,))[0]


def log10(x: Variable | Any) -> Variable:
    """Elementwise base-10 logarithm.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.log10(np.array([1.0, 100.0])).array
    array([0., 2.])
    """
    return Log10().apply((x,))[0]
