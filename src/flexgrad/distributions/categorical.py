"""The categorical distribution over the last axis of its probabilities or logits."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from ..backends import backend_of
from ..functions.activation.softmax import log_softmax, softmax
from ..functions.array.broadcast import broadcast_to
from ..functions.array.reshape import reshape
from ..functions.array.select_item import select_item
from ..functions.math.exponential import log
from ..functions.math.sum import sum as _sum
from ..variable import Variable
from ._args import as_param, fail, one_of, sample_count
from ._math import xlogx
from .distribution import Distribution
from .kl import register_kl


class Categorical(Distribution):
    """Categorical distributions over ``{0, ..., K - 1}``, the last axis holding the K
    categories, so one sample is an integer class index.

    Args:
        p, logit: exactly one: probabilities summing to 1 over the last axis, or
            unnormalized log-probabilities (normalized with ``log_softmax``).

    >>> import numpy as np
    >>> from flexgrad.distributions import Categorical
    >>> d = Categorical(p=np.array([[0.25, 0.75], [0.5, 0.5]]))
    >>> d.batch_shape, np.exp(d.log_prob(np.array([1, 0])).array)
    ((2,), array([0.75, 0.5 ]))
    """

    def __init__(self, p: Variable | Any = None, logit: Variable | Any = None) -> None:
        which = one_of("Categorical", ("p", "logit"), (p, logit))
        name = ("p", "logit")[which]
        given = as_param("Categorical", name, (p, logit)[which])
        if given.ndim < 1:
            fail("Categorical", name, "at least one axis (the categories)", given.array)
        self._p, self._logit = (given, None) if which == 0 else (None, given)

    @cached_property
    def p(self) -> Variable:
        """The probabilities: as given, or ``softmax(logit)`` over the last axis."""
        return softmax(self._logit, axis=-1) if self._p is None else self._p

    @cached_property
    def log_p(self) -> Variable:
        """The log-probabilities: ``log(p)``, or ``log_softmax(logit)`` over the last axis."""
        return log(self._p) if self._logit is None else log_softmax(self._logit, axis=-1)

    @property
    def batch_shape(self) -> tuple[int, ...]:
        return tuple(self.p.shape[:-1])

    @property
    def event_shape(self) -> tuple[int, ...]:
        return ()

    @property
    def params(self) -> dict[str, Variable]:
        return {"p": self.p}

    @property
    def entropy(self) -> Variable:
        return -_sum(xlogx(self.p), axis=-1)

    def log_prob(self, x: Variable | Any) -> Variable:
        """``log p[..., x]`` for integer ``x`` of shape ``sample_shape + batch_shape``."""
        data = x.array if isinstance(x, Variable) else x
        if not backend_of(data).is_integer(data.dtype):
            fail("Categorical.log_prob", "x", "an integer dtype", data, kind="type")
        shape = tuple(data.shape)
        if shape[len(shape) - len(self.batch_shape):] != self.batch_shape:
            fail("Categorical.log_prob", "x",
                 f"a shape ending with the batch shape {self.batch_shape}", data)
        k = self.p.shape[-1]
        log_p = broadcast_to(self.log_p, (*shape, k))
        flat = backend_of(data).reshape(data, (-1,))
        return reshape(select_item(reshape(log_p, (-1, k)), flat), shape)

    def sample_n(self, n: int) -> Variable:
        """Integer draws by the Gumbel-max trick: ``argmax(log p + g)``, ``g`` Gumbel."""
        n = sample_count("Categorical.sample_n", n)
        log_p = self.log_p.array
        backend = backend_of(log_p)
        xp = backend.xp
        info = xp.finfo(log_p.dtype)
        u = backend.default_generator(backend.device_of(log_p)).uniform(
            info.smallest_normal, 1.0 - info.eps, (n, *log_p.shape), log_p.dtype)
        return Variable(xp.argmax(log_p - xp.log(-xp.log(u)), axis=-1), requires_grad=False)


@register_kl(Categorical, Categorical)
def _kl_categorical_categorical(p: Categorical, q: Categorical) -> Variable:
    """``sum_k p_k (log p_k - log q_k)``."""
    return _sum(p.p * (p.log_p - q.log_p), axis=-1)
