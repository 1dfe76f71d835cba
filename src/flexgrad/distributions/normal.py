"""The normal distribution, parameterized by its scale or its log scale."""

from __future__ import annotations

import math
from functools import cached_property
from typing import Any

from ..backends import backend_of
from ..functions.math.basic_math import sub
from ..functions.math.exponential import exp, log
from ..functions.math.special import erfc
from ..variable import Variable
from ._args import as_param, one_of, same_shape_dtype, sample_count
from .distribution import Distribution
from .kl import register_kl

_HALF_LOG_2PI = 0.5 * math.log(2 * math.pi)
_SQRT2 = math.sqrt(2.0)


class Normal(Distribution):
    """Independent normal distributions ``N(loc, scale**2)``, elementwise.

    Give ``scale``, or ``log_scale`` where a network outputs ``log(scale)`` (as a VAE's
    encoder does), so the scale stays positive without a clip.
    ``sample`` is reparameterized (``loc + scale * eps``): gradients reach both parameters.

    Args:
        loc: the means (a float Variable or array).
        scale, log_scale: exactly one, of ``loc``'s shape and dtype.

    >>> import numpy as np
    >>> from flexgrad.distributions import Normal
    >>> d = Normal(np.array([0.0, 1.0]), log_scale=np.array([0.0, 0.0]))
    >>> d.log_prob(np.array([0.0, 1.0])).array
    array([-0.91893853, -0.91893853])
    >>> d.cdf(np.array([0.0, 1.0])).array
    array([0.5, 0.5])
    """

    def __init__(self, loc: Variable | Any, scale: Variable | Any = None, *,
                 log_scale: Variable | Any = None) -> None:
        self.loc = as_param("Normal", "loc", loc)
        which = one_of("Normal", ("scale", "log_scale"), (scale, log_scale))
        name = ("scale", "log_scale")[which]
        given = as_param("Normal", name, (scale, log_scale)[which])
        same_shape_dtype("Normal", ("loc", name), self.loc, given)
        self._scale, self._log_scale = (given, None) if which == 0 else (None, given)

    @cached_property
    def scale(self) -> Variable:
        """The standard deviations: as given, or ``exp(log_scale)``."""
        return exp(self._log_scale) if self._scale is None else self._scale

    @cached_property
    def log_scale(self) -> Variable:
        """``log(scale)``: as given, or computed when first used."""
        return log(self._scale) if self._log_scale is None else self._log_scale

    @property
    def batch_shape(self) -> tuple[int, ...]:
        return tuple(self.loc.shape)

    @property
    def event_shape(self) -> tuple[int, ...]:
        return ()

    @property
    def params(self) -> dict[str, Variable]:
        return {"loc": self.loc, "scale": self.scale}

    @property
    def mean(self) -> Variable:
        return self.loc

    @property
    def stddev(self) -> Variable:
        return self.scale

    @property
    def variance(self) -> Variable:
        return self.scale * self.scale

    @property
    def entropy(self) -> Variable:
        return self.log_scale + (_HALF_LOG_2PI + 0.5)

    def _z(self, x: Variable | Any) -> Variable:
        """``(x - loc) / scale``."""
        return sub(x, self.loc) / self.scale

    def log_prob(self, x: Variable | Any) -> Variable:
        z = self._z(x)
        return -0.5 * (z * z) - self.log_scale - _HALF_LOG_2PI

    def cdf(self, x: Variable | Any) -> Variable:
        """``P(X <= x)``, through erfc so that the lower tail keeps its precision."""
        return 0.5 * erfc(self._z(x) / -_SQRT2)

    def log_cdf(self, x: Variable | Any) -> Variable:
        """``log P(X <= x)``."""
        return log(self.cdf(x))

    def survival_function(self, x: Variable | Any) -> Variable:
        """``P(X > x)``."""
        return 0.5 * erfc(self._z(x) / _SQRT2)

    def log_survival_function(self, x: Variable | Any) -> Variable:
        """``log P(X > x)``."""
        return log(self.survival_function(x))

    def sample_n(self, n: int) -> Variable:
        n = sample_count("Normal.sample_n", n)
        data = self.loc.array
        backend = backend_of(data)
        eps = backend.default_generator(backend.device_of(data)).normal(
            0.0, 1.0, (n, *data.shape), data.dtype)
        return self.loc + self.scale * eps


@register_kl(Normal, Normal)
def _kl_normal_normal(p: Normal, q: Normal) -> Variable:
    """``log(sq / sp) + (sp**2 + (mp - mq)**2) / (2 sq**2) - 1/2``."""
    diff = p.loc - q.loc
    return (q.log_scale - p.log_scale
            + (p.variance + diff * diff) / (2.0 * q.variance) - 0.5)
