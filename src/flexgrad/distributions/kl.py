"""KL divergences between distributions, found by the pair of their types."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..errors import InvalidTypeError
from ..variable import Variable
from .distribution import Distribution

KLFunction = Callable[[Any, Any], Variable]
_REGISTRY: dict[tuple[type, type], KLFunction] = {}


class KLNotImplementedError(InvalidTypeError, NotImplementedError):
    """No KL divergence is registered for a pair of types (Chainer raised
    NotImplementedError, which this still is)."""


def register_kl(dist1: type, dist2: type) -> Callable[[KLFunction], KLFunction]:
    """A decorator that makes ``f(p, q)`` the KL divergence of a ``dist1`` from a ``dist2``.

    >>> from flexgrad.distributions import Distribution, register_kl
    >>> class Point(Distribution):
    ...     pass
    >>> @register_kl(Point, Point)
    ... def _kl_point_point(p, q):
    ...     return 0.0
    >>> import flexgrad
    >>> flexgrad.kl_divergence(Point(), Point())
    0.0
    """

    def register(f: KLFunction) -> KLFunction:
        _REGISTRY[dist1, dist2] = f
        return f

    return register


def kl_divergence(dist1: Distribution, dist2: Distribution) -> Variable:
    """``KL(dist1 || dist2)`` over each event, of the broadcast batch shape.

    The most specific registered pair of types along both classes' MROs is used, so a
    subclass inherits its parent's KL.

    >>> import numpy as np, flexgrad
    >>> from flexgrad.distributions import Normal
    >>> p = Normal(np.array([1.0]), np.array([1.0]))
    >>> q = Normal(np.array([0.0]), np.array([1.0]))
    >>> flexgrad.kl_divergence(p, q).array
    array([0.5])
    """
    for type1 in type(dist1).__mro__:
        for type2 in type(dist2).__mro__:
            if (type1, type2) in _REGISTRY:
                return _REGISTRY[type1, type2](dist1, dist2)
    known = ", ".join(sorted(f"({a.__name__}, {b.__name__})" for a, b in _REGISTRY))
    raise KLNotImplementedError(
        f"flexgrad.kl_divergence: argument 'dist2' expected a distribution with a KL "
        f"registered against {type(dist1).__name__} (pairs registered: {known}), got "
        f"{type(dist2).__name__}")


def cross_entropy(dist1: Distribution, dist2: Distribution) -> Variable:
    """``H(dist1, dist2) = H(dist1) + KL(dist1 || dist2)``, over each event.

    >>> import numpy as np
    >>> from flexgrad.distributions import Bernoulli, cross_entropy
    >>> cross_entropy(Bernoulli(p=np.array([0.5])), Bernoulli(p=np.array([0.5]))).array
    array([0.69314718])
    """
    return dist1.entropy + kl_divergence(dist1, dist2)
