"""Gaussian error linear unit, in its tanh approximation."""

from __future__ import annotations

import math
from typing import Any

from ...variable import Variable
from ..math._unary import UnaryFloat
from .sigmoid import sigmoid

_A = 0.044715
_K = 2.0 * math.sqrt(2.0 / math.pi)


class GELU(UnaryFloat):
    """``0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 x**3)))``, computed as
    ``x * sigmoid(z)`` with ``z = 2 sqrt(2 / pi) (x + 0.044715 x**3)`` (the same value,
    stable at any ``x``). The derivative is ``s + x s (1 - s) z'``, ``s = sigmoid(z)``."""

    __slots__ = ()
    name = "gelu"

    def compute(self, xp, x):
        z = (x + x * x * x * _A) * _K
        return x * xp.exp(-xp.logaddexp(0.0, -z))

    def derivative(self, x, gy):
        x2 = x * x
        s = sigmoid((x + x2 * x * _A) * _K)
        return s * ((1 - s) * (x + x2 * x * (3 * _A)) * _K + 1) * gy


def gelu(x: Variable | Any) -> Variable:
    """Elementwise GELU ``x * Phi(x)``, in the tanh approximation of Hendrycks and Gimpel.

    Chainer has no gelu. The approximation (used by BERT and GPT-2) needs only the Array API
    standard, which has no ``erf``; it is within 5e-4 of the exact ``x * Phi(x)``.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.gelu(np.array([-1.0, 0.0, 1.0])).array
    array([-0.15880801,  0.        ,  0.84119199])
    """
    return GELU().apply((x,))[0]
