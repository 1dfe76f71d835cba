"""Independent: the last batch axes of a distribution read as one event."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..functions.math.prod import prod
from ..functions.math.sum import sum as _sum
from ..variable import Variable
from ._args import fail
from .distribution import Distribution
from .kl import kl_divergence, register_kl


class Independent(Distribution):
    """Reinterprets the last ``reinterpreted_batch_ndims`` batch axes of ``distribution``
    as event axes, so ``log_prob``, ``entropy`` and KL sum over them: a diagonal Gaussian
    over a vector, or the Bernoulli pixels of one image.

    Args:
        distribution: the base distribution.
        reinterpreted_batch_ndims: how many trailing batch axes; default all but the first.

    >>> import numpy as np
    >>> from flexgrad.distributions import Independent, Normal
    >>> d = Independent(Normal(np.zeros((4, 3)), np.ones((4, 3))))
    >>> d.batch_shape, d.event_shape, d.log_prob(np.zeros((4, 3))).shape
    ((4,), (3,), (4,))
    """

    def __init__(self, distribution: Distribution,
                 reinterpreted_batch_ndims: int | None = None) -> None:
        if not isinstance(distribution, Distribution):
            fail("Independent", "distribution", "a Distribution",
                 f"{type(distribution).__name__}", kind="type")
        ndim = len(distribution.batch_shape)
        n = max(ndim - 1, 0) if reinterpreted_batch_ndims is None else reinterpreted_batch_ndims
        if isinstance(n, bool) or not isinstance(n, int) or not 0 <= n <= ndim:
            fail("Independent", "reinterpreted_batch_ndims",
                 f"an int in [0, {ndim}] (the base's batch shape is "
                 f"{distribution.batch_shape})", f"{n!r}")
        self.distribution = distribution
        self.reinterpreted_batch_ndims = n

    def _reduce(self, value: Variable, op: Callable[..., Variable] = _sum) -> Variable:
        """``value`` summed (or multiplied) over the reinterpreted axes, the last ones."""
        n = self.reinterpreted_batch_ndims
        return op(value, axis=tuple(range(-n, 0))) if n else value

    @property
    def batch_shape(self) -> tuple[int, ...]:
        shape = self.distribution.batch_shape
        return shape[:len(shape) - self.reinterpreted_batch_ndims]

    @property
    def event_shape(self) -> tuple[int, ...]:
        shape = self.distribution.batch_shape
        return shape[len(shape) - self.reinterpreted_batch_ndims:] + \
            self.distribution.event_shape

    @property
    def params(self) -> dict[str, Variable]:
        return self.distribution.params

    @property
    def mean(self) -> Variable:
        return self.distribution.mean

    @property
    def stddev(self) -> Variable:
        return self.distribution.stddev

    @property
    def variance(self) -> Variable:
        return self.distribution.variance

    @property
    def entropy(self) -> Variable:
        return self._reduce(self.distribution.entropy)

    def log_prob(self, x: Variable | Any) -> Variable:
        return self._reduce(self.distribution.log_prob(x))

    def cdf(self, x: Variable | Any) -> Variable:
        """``P(X <= x)`` in every coordinate of the event: the product of the base's."""
        return self._reduce(self.distribution.cdf(x), prod)

    def log_cdf(self, x: Variable | Any) -> Variable:
        return self._reduce(self.distribution.log_cdf(x))

    def survival_function(self, x: Variable | Any) -> Variable:
        """``P(X > x)`` in every coordinate of the event: the product of the base's."""
        return self._reduce(self.distribution.survival_function(x), prod)

    def log_survival_function(self, x: Variable | Any) -> Variable:
        return self._reduce(self.distribution.log_survival_function(x))

    def sample_n(self, n: int) -> Variable:
        return self.distribution.sample_n(n)


@register_kl(Independent, Independent)
def _kl_independent_independent(p: Independent, q: Independent) -> Variable:
    """The base distributions' KL, summed over the reinterpreted axes."""
    if p.reinterpreted_batch_ndims != q.reinterpreted_batch_ndims:
        fail("kl_divergence", "dist2", f"an Independent with reinterpreted_batch_ndims="
             f"{p.reinterpreted_batch_ndims} (that of dist1)",
             f"reinterpreted_batch_ndims={q.reinterpreted_batch_ndims}")
    return p._reduce(kl_divergence(p.distribution, q.distribution))
