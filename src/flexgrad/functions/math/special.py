"""Special functions erf, erfc, lgamma and digamma, through the backend (the standard
lacks them): SciPy or cupyx where present, else a formulation on the standard alone."""

from __future__ import annotations

import math
from typing import Any

from ...variable import Variable
from ._unary import UnaryFloat
from .exponential import exp

_TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)


class _Special(UnaryFloat):
    """A backend special function of ``x``; ``name`` is also the backend's name for it."""

    __slots__ = ()

    def compute(self, xp, x):
        return self.backend.special(self.name, x)


class Erf(_Special):
    __slots__ = ()
    name = "erf"

    def derivative(self, x, gy):
        return exp(-(x * x)) * (gy * _TWO_OVER_SQRT_PI)


class Erfc(_Special):
    __slots__ = ()
    name = "erfc"

    def derivative(self, x, gy):
        return exp(-(x * x)) * (gy * -_TWO_OVER_SQRT_PI)


class LGamma(_Special):
    __slots__ = ()
    name = "lgamma"

    def derivative(self, x, gy):
        return digamma(x) * gy


class PolyGamma(UnaryFloat):
    """``psi^(n)(x)``, the n-th derivative of digamma; its derivative is order ``n + 1``."""

    __slots__ = ("n",)
    name = "digamma"

    def __init__(self, n: int) -> None:
        self.n = n

    def compute(self, xp, x):
        return self.backend.special("polygamma", x, self.n)

    def derivative(self, x, gy):
        return PolyGamma(self.n + 1).apply((x,))[0] * gy


def erf(x: Variable | Any) -> Variable:
    """Elementwise error function ``2/sqrt(pi) * integral_0^x exp(-t²) dt``.

    >>> import numpy as np, flexgrad.functions as F
    >>> np.round(F.erf(np.array([0.0, 1.0])).array, 8)
    array([0.        , 0.84270079])
    """
    return Erf().apply((x,))[0]


def erfc(x: Variable | Any) -> Variable:
    """Elementwise complementary error function ``1 - erf(x)``, accurate where it is tiny.

    >>> import numpy as np, flexgrad.functions as F
    >>> np.round(F.erfc(np.array([0.0, 1.0])).array, 8)
    array([1.        , 0.15729921])
    """
    return Erfc().apply((x,))[0]


def lgamma(x: Variable | Any) -> Variable:
    """Elementwise ``log |Gamma(x)|`` (+inf at 0, -1, -2, ...).

    >>> import numpy as np, flexgrad.functions as F
    >>> np.round(F.lgamma(np.array([3.0, 5.0])).array, 8)
    array([0.69314718, 3.17805383])
    """
    return LGamma().apply((x,))[0]


def digamma(x: Variable | Any) -> Variable:
    """Elementwise digamma function, the derivative of ``lgamma``.

    Differentiable to any order (through the polygamma functions).

    >>> import numpy as np, flexgrad.functions as F
    >>> np.round(F.digamma(np.array([1.0, 0.5])).array, 8)
    array([-0.57721566, -1.96351003])
    """
    return PolyGamma(0).apply((x,))[0]
