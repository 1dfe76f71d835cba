"""Hyperbolic tangent."""

from __future__ import annotations

from typing import Any

from ...variable import Variable
from ..math._unary import UnaryFloat


class Tanh(UnaryFloat):
    """tanh(x); backward uses only the output: ``1 - y**2``."""

    __slots__ = ()
    name = "tanh"
    uses_output = True

    def derivative(self, y, gy):
        return gy * (1 - y * y)


def tanh(x: Variable | Any) -> Variable:
    """Elementwise hyperbolic tangent.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.tanh(np.array([0.0, 100.0])).array
    array([0., 1.])
    """
    return Tanh().apply((x,))[0]
