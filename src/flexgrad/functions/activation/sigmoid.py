"""Logistic sigmoid, stable for inputs of any magnitude."""

from __future__ import annotations

from typing import Any

from ...variable import Variable
from ..math._unary import UnaryFloat


class Sigmoid(UnaryFloat):
    """``1 / (1 + exp(-x))`` from ``z = exp(-|x|)``, which never overflows.

    For ``x >= 0`` it is ``1 / (1 + z)``, else ``z / (1 + z)``: both keep full relative
    precision, also for tiny outputs at large negative ``x``. Backward uses only ``y``.
    """

    __slots__ = ()
    name = "sigmoid"
    uses_output = True

    def compute(self, xp, x):
        z = xp.exp(-xp.abs(x))
        r = 1 / (1 + z)
        return xp.where(x >= 0, r, z * r)

    def derivative(self, y, gy):
        return gy * (y * (1 - y))


def sigmoid(x: Variable | Any) -> Variable:
    """Elementwise logistic sigmoid ``1 / (1 + exp(-x))``.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.sigmoid(np.array([-1e4, 0.0, 1e4])).array
    array([0. , 0.5, 1. ])
    """
    return Sigmoid().apply((x,))[0]
