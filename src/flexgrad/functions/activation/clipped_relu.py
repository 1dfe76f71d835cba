"""ReLU capped at ``z``: clipped_relu, and relu6 (capped at 6)."""

from __future__ import annotations

from typing import Any

from ...variable import Variable
from ._args import real_arg
from ._piecewise import PiecewiseLinear


class ClippedReLU(PiecewiseLinear):
    """``min(max(0, x), z)``; the gradient passes only strictly inside ``(0, z)``, as in
    Chainer."""

    __slots__ = ("z",)
    name = "clipped_relu"

    def __init__(self, z: float) -> None:
        self.z = z

    def compute(self, xp, x):
        return xp.clip(x, 0.0, self.z)

    def slopes(self, xp, x):
        return xp.astype((x > 0) & (x < self.z), x.dtype)


class ReLU6(ClippedReLU):
    """``clipped_relu`` with the cap fixed at 6 (its errors name relu6)."""

    __slots__ = ()
    name = "relu6"

    def __init__(self) -> None:
        super().__init__(6.0)


def clipped_relu(x: Variable | Any, z: float = 20.0) -> Variable:
    """Elementwise ``min(max(0, x), z)`` for a cap ``z > 0``.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.clipped_relu(np.array([-1.0, 0.5, 30.0])).array
    array([ 0. ,  0.5, 20. ])
    """
    return ClippedReLU(real_arg("clipped_relu", "z", z, positive=True)).apply((x,))[0]


def relu6(x: Variable | Any) -> Variable:
    """Elementwise ``min(max(0, x), 6)``: ``clipped_relu(x, 6.0)``.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.relu6(np.array([-1.0, 3.0, 9.0])).array
    array([0., 3., 6.])
    """
    return ReLU6().apply((x,))[0]
