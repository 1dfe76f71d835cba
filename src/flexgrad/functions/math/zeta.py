"""zeta (Hurwitz's) and polygamma with an order per element, through the backend."""

from __future__ import annotations

from typing import Any

from ... import backends
from ...errors import expect_integer, expect_same_dtype, fail
from ...variable import Variable
from ._operands import array_of, is_scalar
from ._unary import UnaryFloat
from .select import where
from .special import PolyGamma


class Zeta(UnaryFloat):
    """``zeta(s, q)`` of the input ``q`` for a constant ``s`` (a number or an array);
    ``d/dq zeta(s, q) = -s * zeta(s + 1, q)``."""

    __slots__ = ("s",)
    name = "zeta"

    def __init__(self, s: Any) -> None:
        self.s = s

    def compute(self, xp, q):
        if not is_scalar(self.s):
            expect_same_dtype("zeta", ("q", "x"), (q, self.s))
        return self.backend.zeta(self.s, q)

    def derivative(self, q, gy):
        return Zeta(self.s + 1.0).apply((q,))[0] * -self.s * gy


def zeta(x: Any, q: Variable | Any) -> Variable:
    """Hurwitz's zeta function ``sum_k (k + q)^-x`` elementwise, differentiable in ``q``.

    Args:
        x: the exponent, > 1: a number, or an array of ``q``'s backend and dtype that
            broadcasts with it; a constant (no gradient), as in Chainer.
        q: the offset, > 0.

    >>> import numpy as np, flexgrad.functions as F
    >>> np.round(F.zeta(2.0, np.array([1.0, 2.0])).array, 8)
    array([1.64493407, 0.64493407])
    """
    if isinstance(x, Variable):
        x = x.array
    if not is_scalar(x):
        array_of("zeta", "x", x)
    return Zeta(float(x) if is_scalar(x) else x).apply((q,))[0]


def polygamma(n: Any, x: Variable | Any) -> Variable:
    """The polygamma function ``psi^(n)(x)``, the ``n``-th derivative of digamma,
    elementwise and differentiable in ``x`` to any order.

    Args:
        n: the order, >= 0: an int, or an integer array of ``x``'s backend broadcasting
            with it (no gradient). Orders above 0 go through
            ``psi^(n)(x) = (-1)^(n+1) n! zeta(n + 1, x)``, so no value is read on the host.
        x: the argument.

    >>> import numpy as np, flexgrad.functions as F
    >>> np.round(F.polygamma(np.array([0, 1]), np.array([1.0, 1.0])).array, 8)
    array([-0.57721566,  1.64493407])
    """
    if isinstance(n, Variable):
        n = n.array
    if is_scalar(n):
        if int(n) != n or n < 0:
            fail("polygamma", "n", "a non-negative integer order", f"{n!r}")
        return PolyGamma(int(n)).apply((x,))[0]
    n = array_of("polygamma", "n", n)
    backend = backends.backend_of(n)
    expect_integer("polygamma", "n", n, backend)
    dtype = array_of("polygamma", "x", x).dtype
    xp = backend.xp
    order = xp.astype(n, dtype)
    is_zero = n == 0
    s = order + 1.0 + xp.astype(is_zero, dtype)  # 2 where n == 0: off zeta's pole at 1
    sign = 1.0 - 2.0 * xp.astype(n % 2 == 0, dtype)  # (-1)^(n+1)
    coefficient = sign * xp.exp(backend.special("lgamma", order + 1.0))
    return where(is_zero, PolyGamma(0).apply((x,))[0], Zeta(s).apply((x,))[0] * coefficient)
