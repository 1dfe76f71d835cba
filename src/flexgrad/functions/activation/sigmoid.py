"""Logistic sigmoid, stable for inputs of any magnitude."""

from __future__ import annotations

from typing import Any

from ...variable import Variable
from ..math._unary import UnaryFloat


class Sigmoid(UnaryFloat):
    """``1 / (1 + exp(-x))`` as ``exp(-logaddexp(0, -x))``, which never overflows.

    It keeps full relative precision, also for tiny outputs at large negative ``x``, in
    three array ops. Backward uses only ``y``.
    """

    __slots__ = ()
    name = "sigmoid"
    uses_output = True

    def compute(self, xp, x):
        return xp.exp(-xp.logaddexp(0.0, -x))

    def derivative(self, y, gy):
        return gy * (y * (1 - y))


def sigmoid(x: Variable | Any) -> Variable:
    """Elementwise logistic sigmoid ``1 / (1 + exp(-x))``.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.sigmoid(np.array([-1e4, 0.0, 1e4])).array
    array([0. , 0.5, 1. ])
    """
    return Sigmoid().apply((x,))[0]
