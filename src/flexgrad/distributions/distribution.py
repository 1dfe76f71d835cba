"""The interface every probability distribution shares (Chainer's Distribution)."""

from __future__ import annotations

import math
from typing import Any

from ..functions.array.reshape import reshape
from ..functions.math.exponential import exp, sqrt
from ..variable import Variable
from ._args import fail, sample_count


class Distribution:
    """A batch of distributions whose parameters are Variables, so that log-densities,
    entropies and reparameterized samples carry gradients back to those parameters.

    Subclasses give ``batch_shape``, ``event_shape``, ``params`` and whichever of
    ``log_prob``, ``entropy``, ``mean``, ``variance`` and ``sample_n`` they define; the
    base derives ``prob``, ``stddev`` and ``sample`` from them.

    >>> import numpy as np
    >>> from flexgrad.distributions import Normal
    >>> d = Normal(np.zeros(3), np.ones(3))
    >>> d.batch_shape, d.event_shape, d.sample((4, 2)).shape
    ((3,), (), (4, 2, 3))
    """

    @property
    def batch_shape(self) -> tuple[int, ...]:
        """The shape of the batch of independent distributions."""
        raise NotImplementedError

    @property
    def event_shape(self) -> tuple[int, ...]:
        """The shape of one draw of one distribution of the batch."""
        raise NotImplementedError

    @property
    def params(self) -> dict[str, Variable]:
        """The parameters, by name."""
        raise NotImplementedError

    @property
    def mean(self) -> Variable:
        raise NotImplementedError(f"{type(self).__name__} has no mean")

    @property
    def variance(self) -> Variable:
        raise NotImplementedError(f"{type(self).__name__} has no variance")

    @property
    def stddev(self) -> Variable:
        """The square root of the variance."""
        return sqrt(self.variance)

    @property
    def entropy(self) -> Variable:
        raise NotImplementedError(f"{type(self).__name__} has no entropy")

    def log_prob(self, x: Variable | Any) -> Variable:
        """The log density (or log mass) of ``x``, of shape ``x.shape`` less the event."""
        raise NotImplementedError(f"{type(self).__name__} has no log_prob")

    def prob(self, x: Variable | Any) -> Variable:
        """The density (or mass) of ``x``: ``exp(log_prob(x))``."""
        return exp(self.log_prob(x))

    def sample_n(self, n: int) -> Variable:
        """``n`` draws, of shape ``(n,) + batch_shape + event_shape``."""
        raise NotImplementedError(f"{type(self).__name__} has no sample_n")

    def sample(self, sample_shape: int | tuple[int, ...] = ()) -> Variable:
        """Draws of shape ``sample_shape + batch_shape + event_shape``, from the backend's
        seeded default generator (``flexgrad.set_seed`` fixes them)."""
        shape = (sample_shape,) if isinstance(sample_shape, int) else sample_shape
        if not isinstance(shape, tuple):
            fail(f"{type(self).__name__}.sample", "sample_shape", "an int or a tuple of ints",
                 f"{type(sample_shape).__name__} {sample_shape!r}", kind="type")
        n = sample_count(f"{type(self).__name__}.sample", math.prod(shape) if shape else 1)
        return reshape(self.sample_n(n), shape + self.batch_shape + self.event_shape)

    def __repr__(self) -> str:
        return (f"{type(self).__name__}(batch_shape={self.batch_shape}, "
                f"event_shape={self.event_shape})")
