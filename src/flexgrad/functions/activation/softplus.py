"""Softplus, a smooth ReLU, stable for inputs of any magnitude."""

from __future__ import annotations

from typing import Any

from ...errors import fail
from ...variable import Variable
from ..math._unary import UnaryFloat
from ._args import real_arg
from .sigmoid import sigmoid


class Softplus(UnaryFloat):
    """``log(1 + exp(beta * x)) / beta`` as ``logaddexp(0, beta * x) / beta``: no overflow
    at large ``x`` and no loss to 0 at very negative ``x``. The derivative is
    ``sigmoid(beta * x)``."""

    __slots__ = ("beta",)
    name = "softplus"

    def __init__(self, beta: float) -> None:
        self.beta = beta

    def compute(self, xp, x):
        if self.beta == 1.0:
            return xp.logaddexp(0.0, x)
        return xp.logaddexp(0.0, x * self.beta) / self.beta

    def derivative(self, x, gy):
        return sigmoid(x * self.beta) * gy


def softplus(x: Variable | Any, beta: float = 1.0) -> Variable:
    """Elementwise ``log(1 + exp(beta * x)) / beta``, a smooth approximation of ReLU.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.softplus(np.array([-1e4, 0.0, 1e4])).array
    array([0.00000000e+00, 6.93147181e-01, 1.00000000e+04])
    """
    beta = real_arg("softplus", "beta", beta)
    if beta == 0:
        fail("softplus", "beta", "a non-zero number", "0.0")
    return Softplus(beta).apply((x,))[0]
