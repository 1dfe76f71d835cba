"""Rectified linear unit."""

from __future__ import annotations

from typing import Any

from ...variable import Variable, as_array
from ..math._unary import UnaryFloat


class ReLU(UnaryFloat):
    """``max(x, 0)``; keeps only ``y``, whose sign is the mask of the gradient.

    The gradient at 0 is 0, as in Chainer; NaN inputs stay NaN.
    """

    __slots__ = ()
    name = "relu"
    uses_output = True

    def compute(self, xp, x):
        return xp.maximum(x, 0)

    def derivative(self, y, gy):
        return gy * self.xp.astype(as_array(y) > 0, y.dtype)


def relu(x: Variable | Any) -> Variable:
    """Elementwise rectified linear unit ``max(x, 0)``.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.relu(np.array([-1.0, 0.0, 2.0])).array
    array([0., 0., 2.])
    """
    return ReLU().apply((x,))[0]
