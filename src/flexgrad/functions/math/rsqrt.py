"""Reciprocal square root, elementwise."""

from __future__ import annotations

from typing import Any

from ...variable import Variable
from ._unary import UnaryFloat


class Rsqrt(UnaryFloat):
    """``1 / sqrt(x)``; its derivative ``-y³ / 2`` comes from the kept output."""

    __slots__ = ()
    name = "rsqrt"
    uses_output = True

    def compute(self, xp, x):
        return 1 / xp.sqrt(x)

    def derivative(self, y, gy):
        return gy * (y * y * y) * -0.5


def rsqrt(x: Variable | Any) -> Variable:
    """Elementwise ``1 / sqrt(x)``.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.rsqrt(np.array([4.0, 0.25])).array
    array([0.5, 2. ])
    """
    return Rsqrt().apply((x,))[0]
