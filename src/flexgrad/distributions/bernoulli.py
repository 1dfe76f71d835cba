"""The Bernoulli distribution, parameterized by its probability or its logit."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from ..backends import backend_of
from ..functions.activation.sigmoid import sigmoid
from ..functions.activation.softplus import softplus
from ..functions.math.exponential import log, log1p
from ..functions.math.select import where
from ..variable import Variable
from ._args import as_param, one_of, sample_count
from ._math import xlogx
from .distribution import Distribution
from .kl import register_kl


class Bernoulli(Distribution):
    """Independent Bernoulli distributions over ``{0, 1}``, elementwise.

    Give ``p`` (probabilities of 1) or ``logit`` (``log(p / (1 - p))``, what a network
    outputs; log-probabilities then never overflow). Samples are not differentiable.

    Args:
        p, logit: exactly one, a float Variable or array (``p`` of 0 or 1 has an
            infinite logit: its entropy is 0, its ``log_prob`` NaN, as a bare formula's).
        binary_check: ``log_prob`` gives ``-inf`` where ``x`` is neither 0 nor 1 (without
            it, ``x`` in between gives the cross-entropy, as in Chainer).

    >>> import numpy as np
    >>> from flexgrad.distributions import Bernoulli
    >>> d = Bernoulli(logit=np.array([0.0, 100.0]))
    >>> d.log_prob(np.array([1.0, 1.0])).array
    array([-0.69314718,  0.        ])
    >>> d.mean.array
    array([0.5, 1. ])
    """

    def __init__(self, p: Variable | Any = None, logit: Variable | Any = None,
                 binary_check: bool = False) -> None:
        which = one_of("Bernoulli", ("p", "logit"), (p, logit))
        self._p = as_param("Bernoulli", "p", p) if which == 0 else None
        self._logit = as_param("Bernoulli", "logit", logit) if which == 1 else None
        self.binary_check = binary_check

    @cached_property
    def p(self) -> Variable:
        """The probabilities of 1: as given, or ``sigmoid(logit)``."""
        return sigmoid(self._logit) if self._p is None else self._p

    @cached_property
    def logit(self) -> Variable:
        """The log-odds: as given, or ``log(p) - log1p(-p)`` (computed when first used)."""
        return log(self.p) - log1p(-self.p) if self._logit is None else self._logit

    @property
    def batch_shape(self) -> tuple[int, ...]:
        return tuple(self.p.shape)

    @property
    def event_shape(self) -> tuple[int, ...]:
        return ()

    @property
    def params(self) -> dict[str, Variable]:
        return {"logit": self.logit}

    @property
    def mean(self) -> Variable:
        return self.p

    @property
    def variance(self) -> Variable:
        return self.p * (1.0 - self.p)

    @property
    def entropy(self) -> Variable:
        """``-p log p - (1 - p) log(1 - p)``: from logits as ``softplus(l) - p l``, exact
        in the tails; from ``p`` with ``0 log 0 = 0``, where the logit is infinite."""
        if self._logit is None:
            return -xlogx(self.p) - xlogx(1.0 - self.p)
        return softplus(self.logit) - self.p * self.logit

    def log_prob(self, x: Variable | Any) -> Variable:
        """``x log p + (1 - x) log(1 - p)``, written as ``x l - softplus(l)``."""
        y = self.logit * x - softplus(self.logit)
        if not self.binary_check:
            return y
        data = x.array if isinstance(x, Variable) else x
        backend = backend_of(data)
        binary = (data == 0) | (data == 1)
        never = backend.xp.full(tuple(binary.shape), -backend.xp.inf, dtype=self.p.dtype,
                                device=backend.device_arg(data))
        return where(binary, y, never)

    def sample_n(self, n: int) -> Variable:
        """Draws of ``p``'s dtype: ``u < p`` with ``u`` uniform on [0, 1)."""
        n = sample_count("Bernoulli.sample_n", n)
        data = self.p.array
        backend = backend_of(data)
        u = backend.default_generator(backend.device_of(data)).uniform(
            0.0, 1.0, (n, *data.shape), data.dtype)
        draws = backend.xp.astype(u < data, data.dtype)
        return Variable(draws, requires_grad=False)


@register_kl(Bernoulli, Bernoulli)
def _kl_bernoulli_bernoulli(p: Bernoulli, q: Bernoulli) -> Variable:
    """``p (log p - log q) + (1 - p)(log(1 - p) - log(1 - q))`` on logits:
    ``log p = -softplus(-l)`` and ``log(1 - p) = -softplus(l)``."""
    lp, lq = p.logit, q.logit
    return (p.p * (softplus(-lq) - softplus(-lp))
            + (1.0 - p.p) * (softplus(lq) - softplus(lp)))
