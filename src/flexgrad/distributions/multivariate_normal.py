"""The multivariate normal distribution, parameterized by a Cholesky factor."""

from __future__ import annotations

import math
from functools import cached_property
from typing import Any

from ..backends import backend_of
from ..functions.array.diagonal import diagonal
from ..functions.array.reshape import expand_dims
from ..functions.array.stack import stack
from ..functions.array.transpose import swapaxes
from ..functions.math.basic_math import absolute, sub
from ..functions.math.exponential import log
from ..functions.math.matmul import matmul
from ..functions.math.sum import sum as _sum
from ..variable import Variable
from ._args import as_param, expect_same_kind, fail, sample_count
from .distribution import Distribution
from .kl import register_kl

_HALF_LOG_2PI = 0.5 * math.log(2 * math.pi)


def solve_lower(tril: Variable, b: Variable) -> Variable:
    """``z`` with ``tril @ z = b`` over the last axis, by forward substitution.

    A composite of indexing, products and sums (one step per row; the standard has no
    triangular solve), so it differentiates twice on every backend. Only the lower
    triangle of ``tril`` is read; batch axes broadcast.
    """
    zs: list[Variable] = []
    for i in range(tril.shape[-1]):
        row = b[..., i]
        if zs:
            row = row - _sum(tril[..., i, :i] * stack(zs, axis=-1), axis=-1)
        zs.append(row / tril[..., i, i])
    return stack(zs, axis=-1)


class MultivariateNormal(Distribution):
    """Normal distributions over vectors, ``N(loc, L L^T)`` with ``L = scale_tril`` lower
    triangular (a Cholesky factor: its diagonal non-zero).

    ``sample`` is reparameterized (``loc + L eps``). The last axis of ``loc`` is the event.
    Solving with ``L`` takes one step per dimension, so it suits event sizes up to about
    a hundred.

    Args:
        loc: the means, shape ``batch_shape + (d,)``.
        scale_tril: shape ``batch_shape + (d, d)``; its upper triangle should be zero.

    >>> import numpy as np
    >>> from flexgrad.distributions import MultivariateNormal
    >>> d = MultivariateNormal(np.zeros(2), scale_tril=np.array([[2.0, 0.0], [1.0, 1.0]]))
    >>> d.batch_shape, d.event_shape, d.covariance.array
    ((), (2,), array([[4., 2.],
           [2., 2.]]))
    >>> round(float(d.log_prob(np.zeros(2)).array), 6)  # -log(2 pi) - log(2)
    -2.531024
    """

    def __init__(self, loc: Variable | Any, *, scale_tril: Variable | Any = None) -> None:
        self.loc = as_param("MultivariateNormal", "loc", loc)
        if self.loc.ndim < 1:
            fail("MultivariateNormal", "loc", "at least one axis (the event)", self.loc.array)
        if scale_tril is None:
            fail("MultivariateNormal", "scale_tril", "a Variable or an array", "None",
                 kind="type")
        self.scale_tril = as_param("MultivariateNormal", "scale_tril", scale_tril)
        expect_same_kind("MultivariateNormal", ("loc", "scale_tril"), self.loc,
                         self.scale_tril)
        if tuple(self.scale_tril.shape) != (*self.loc.shape, self.d):
            fail("MultivariateNormal", "scale_tril",
                 f"shape {(*self.loc.shape, self.d)} (loc's shape and d)",
                 self.scale_tril.array)

    @property
    def d(self) -> int:
        """The event size."""
        return self.loc.shape[-1]

    @property
    def batch_shape(self) -> tuple[int, ...]:
        return tuple(self.loc.shape[:-1])

    @property
    def event_shape(self) -> tuple[int, ...]:
        return (self.d,)

    @property
    def params(self) -> dict[str, Variable]:
        return {"loc": self.loc, "scale_tril": self.scale_tril}

    @property
    def mean(self) -> Variable:
        return self.loc

    @property
    def covariance(self) -> Variable:
        """``L L^T``."""
        return matmul(self.scale_tril, self.scale_tril, transb=True)

    @property
    def variance(self) -> Variable:
        """The diagonal of the covariance."""
        return _sum(self.scale_tril * self.scale_tril, axis=-1)

    @cached_property
    def _logdet_scale(self) -> Variable:
        """``log |det L|``: the log of its diagonal, summed."""
        return _sum(log(absolute(diagonal(self.scale_tril, axis1=-2, axis2=-1))), axis=-1)

    @property
    def entropy(self) -> Variable:
        return self._logdet_scale + self.d * (_HALF_LOG_2PI + 0.5)

    def log_prob(self, x: Variable | Any) -> Variable:
        """For ``x`` of shape ``sample_shape + batch_shape + (d,)``."""
        z = solve_lower(self.scale_tril, sub(x, self.loc))
        return -0.5 * _sum(z * z, axis=-1) - self._logdet_scale - self.d * _HALF_LOG_2PI

    def sample_n(self, n: int) -> Variable:
        n = sample_count("MultivariateNormal.sample_n", n)
        data = self.loc.array
        backend = backend_of(data)
        eps = backend.default_generator(backend.device_of(data)).normal(
            0.0, 1.0, (n, *data.shape), data.dtype)
        eps = backend.reshape(eps, (n, *data.shape[:-1], 1, self.d))
        return self.loc + _sum(self.scale_tril * eps, axis=-1)


@register_kl(MultivariateNormal, MultivariateNormal)
def _kl_mvn_mvn(p: MultivariateNormal, q: MultivariateNormal) -> Variable:
    """``log |Lq| - log |Lp| + (|Lq^-1 Lp|_F^2 + |Lq^-1 (mp - mq)|^2 - d) / 2``."""
    columns = solve_lower(expand_dims(q.scale_tril, -3), swapaxes(p.scale_tril, -1, -2))
    mahalanobis = solve_lower(q.scale_tril, p.loc - q.loc)
    return (q._logdet_scale - p._logdet_scale
            + 0.5 * (_sum(columns * columns, axis=(-2, -1))
                     + _sum(mahalanobis * mahalanobis, axis=-1) - p.d))
