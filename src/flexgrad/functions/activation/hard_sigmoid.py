"""Hard sigmoid: a piecewise-linear stand-in for the logistic sigmoid."""

from __future__ import annotations

from typing import Any

from ...variable import Variable
from ._piecewise import PiecewiseLinear


class HardSigmoid(PiecewiseLinear):
    """``clip(0.2 * x + 0.5, 0, 1)``; the slope is 0.2 strictly inside ``(-2.5, 2.5)``, as
    in Chainer."""

    __slots__ = ()
    name = "hard_sigmoid"

    def compute(self, xp, x):
        return xp.clip(x * 0.2 + 0.5, 0.0, 1.0)

    def slopes(self, xp, x):
        return xp.astype((x > -2.5) & (x < 2.5), x.dtype) * 0.2


def hard_sigmoid(x: Variable | Any) -> Variable:
    """Elementwise hard sigmoid ``clip(0.2 * x + 0.5, 0, 1)``.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.hard_sigmoid(np.array([-3.0, 0.0, 1.0, 3.0])).array
    array([0. , 0.5, 0.7, 1. ])
    """
    return HardSigmoid().apply((x,))[0]
