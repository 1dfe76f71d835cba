"""ndtr, log_ndtr and ndtri: the standard normal CDF, its log and its inverse, through the
backend (SciPy, torch, JAX or cupyx where they have one, else the standard alone)."""

from __future__ import annotations

import math
from typing import Any

from ...variable import Variable
from .exponential import exp
from .inverse_error import erfcx
from .special import _Special

_SQRT_TWO_PI = math.sqrt(2.0 * math.pi)
_SQRT_HALF = math.sqrt(0.5)


class Ndtr(_Special):
    """``dy/dx`` is the normal density ``exp(-x²/2) / sqrt(2 pi)``."""

    __slots__ = ()
    name = "ndtr"

    def derivative(self, x, gy):
        return exp(x * x * -0.5) * (gy * (1.0 / _SQRT_TWO_PI))


class LogNdtr(_Special):
    """``dy/dx = density / ndtr = sqrt(2/pi) / erfcx(-x/sqrt(2))``, finite in both tails."""

    __slots__ = ()
    name = "log_ndtr"

    def derivative(self, x, gy):
        return 1.0 / erfcx(x * -_SQRT_HALF) * (gy * (2.0 / _SQRT_TWO_PI))


class Ndtri(_Special):
    """``y = ndtri(p)``: ``dy/dp = sqrt(2 pi) * exp(y²/2)``, read from the kept output."""

    __slots__ = ()
    name = "ndtri"
    uses_output = True

    def derivative(self, y, gy):
        return exp(y * y * 0.5) * (gy * _SQRT_TWO_PI)


def ndtr(x: Variable | Any) -> Variable:
    """Elementwise standard normal cumulative distribution function.

    >>> import numpy as np, flexgrad.functions as F
    >>> np.round(F.ndtr(np.array([0.0, 1.0])).array, 8)
    array([0.5       , 0.84134475])
    """
    return Ndtr().apply((x,))[0]


def log_ndtr(x: Variable | Any) -> Variable:
    """Elementwise ``log(ndtr(x))``, finite far into the left tail where ``ndtr``
    underflows to 0.

    >>> import numpy as np, flexgrad.functions as F
    >>> np.round(F.log_ndtr(np.array([-1.0, -40.0])).array, 2)
    array([  -1.84, -804.61])
    """
    return LogNdtr().apply((x,))[0]


def ndtri(x: Variable | Any) -> Variable:
    """Elementwise inverse of ``ndtr`` on [0, 1] (the normal quantile function).

    >>> import numpy as np, flexgrad.functions as F
    >>> np.round(F.ndtri(np.array([0.5, 0.975])).array, 8)
    array([0.        , 1.95996398])
    """
    return Ndtri().apply((x,))[0]
