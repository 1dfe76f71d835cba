"""Leaky rectified linear unit."""

from __future__ import annotations

from typing import Any

from ...variable import Variable
from ._args import real_arg
from ._piecewise import PiecewiseLinear


class LeakyReLU(PiecewiseLinear):
    """``x`` where ``x >= 0``, else ``slope * x``; the gradient at 0 is ``slope``, as in
    Chainer (1 only where ``x > 0``)."""

    __slots__ = ("slope",)
    name = "leaky_relu"

    def __init__(self, slope: float) -> None:
        self.slope = slope

    def compute(self, xp, x):
        return xp.where(x >= 0, x, x * self.slope)

    def slopes(self, xp, x):
        return xp.where(x <= 0, xp.full_like(x, self.slope), xp.ones_like(x))


def leaky_relu(x: Variable | Any, slope: float = 0.2) -> Variable:
    """Elementwise leaky ReLU: ``x`` for ``x >= 0``, ``slope * x`` below.

    The gradient is 1 where ``x > 0`` and ``slope`` elsewhere, 0 included (Chainer's
    convention; see the README's "Gradients at ties and kinks").

    >>> import numpy as np, flexgrad.functions as F
    >>> F.leaky_relu(np.array([-2.0, 0.0, 3.0])).array
    array([-0.4,  0. ,  3. ])
    """
    return LeakyReLU(real_arg("leaky_relu", "slope", slope)).apply((x,))[0]
