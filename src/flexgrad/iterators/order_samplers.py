"""Chainer's order samplers: how an iterator orders the examples of each new epoch."""

from __future__ import annotations

from typing import Any

from .. import backends
from ..dataset._random import permutation


class OrderSampler:
    """``sampler(current_order, current_position)`` returns the next epoch's order."""

    def __call__(self, current_order: Any, current_position: int) -> Any:
        raise NotImplementedError


class ShuffleOrderSampler(OrderSampler):
    """A fresh random permutation every epoch, from a generator of its own.

    ``random_state`` None seeds that generator from flexgrad's default NumPy generator, so
    ``flexgrad.set_seed(n)`` fixes the orders; an int seeds it directly. Either way
    ``serialize`` saves its state, so a resumed run shuffles as an unstopped one, whatever
    else drew random numbers meanwhile. A ``numpy.random.RandomState`` (Chainer's form) or
    a ``flexgrad.backends.Generator`` is drawn from directly, and only the latter saved.
    """

    def __init__(self, random_state: Any = None) -> None:
        if random_state is None:
            random_state = backends.NUMPY.generator(_seed_from_default())
        elif not (hasattr(random_state, "permutation")
                  or isinstance(random_state, backends.Generator)):
            random_state = backends.NUMPY.generator(int(random_state))
        self._random = random_state

    def __call__(self, current_order: Any, current_position: int) -> Any:
        return permutation(len(current_order), self._random)

    def serialize(self, serializer: Any) -> None:
        """Save or load the generator's state (when it is flexgrad's)."""
        if isinstance(self._random, backends.Generator):
            self._random.serialize(serializer)


def _seed_from_default() -> int:
    """A seed drawn from flexgrad's default NumPy generator (fixed by ``set_seed``)."""
    draw = backends.NUMPY.default_generator().integers(0, 2**63 - 1, (1,), "int64")
    return int(draw[0])
