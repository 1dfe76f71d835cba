"""erfinv, erfcinv and erfcx: the inverses of erf and erfc, and the scaled erfc, through
the backend (SciPy, torch, JAX or cupyx where they have one, else the standard alone)."""

from __future__ import annotations

import math
from typing import Any

from ...variable import Variable
from .exponential import exp
from .special import _Special

_HALF_SQRT_PI = 0.5 * math.sqrt(math.pi)
_TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)


class ErfInv(_Special):
    """``y = erfinv(x)``: ``dy/dx = sqrt(pi)/2 * exp(y^2)``, read from the kept output."""

    __slots__ = ()
    name = "erfinv"
    uses_output = True

    def derivative(self, y, gy):
        return exp(y * y) * (gy * _HALF_SQRT_PI)


class ErfcInv(_Special):
    __slots__ = ()
    name = "erfcinv"
    uses_output = True

    def derivative(self, y, gy):
        return exp(y * y) * (gy * -_HALF_SQRT_PI)


class Erfcx(_Special):
    __slots__ = ()
    name = "erfcx"

    def derivative(self, x, gy):
        return (erfcx(x) * (2.0 * x) - _TWO_OVER_SQRT_PI) * gy


def erfinv(x: Variable | Any) -> Variable:
    """Elementwise inverse error function: ``erf(erfinv(x)) == x`` on [-1, 1] (±inf at
    ±1, nan outside).

    >>> import numpy as np, flexgrad.functions as F
    >>> np.round(F.erfinv(np.array([0.0, 0.5])).array, 8)
    array([0.        , 0.47693628])
    """
    return ErfInv().apply((x,))[0]


def erfcinv(x: Variable | Any) -> Variable:
    """Elementwise inverse of ``erfc`` on [0, 2], accurate for tiny ``x`` where
    ``erfinv(1 - x)`` is not.

    >>> import numpy as np, flexgrad.functions as F
    >>> np.round(F.erfcinv(np.array([0.5, 1e-10])).array, 8)
    array([0.47693628, 4.57282497])
    """
    return ErfcInv().apply((x,))[0]


def erfcx(x: Variable | Any) -> Variable:
    """Elementwise scaled complementary error function ``exp(x²) * erfc(x)``, finite for
    large ``x`` where ``erfc`` underflows.

    >>> import numpy as np, flexgrad.functions as F
    >>> np.round(F.erfcx(np.array([0.0, 30.0])).array, 8)
    array([1.        , 0.01879589])
    """
    return Erfcx().apply((x,))[0]
