"""Chainer's order samplers: how an iterator orders the examples of each new epoch."""

from __future__ import annotations

from typing import Any

from ..dataset._random import permutation


class OrderSampler:
    """``sampler(current_order, current_position)`` returns the next epoch's order."""

    def __call__(self, current_order: Any, current_position: int) -> Any:
        raise NotImplementedError


class ShuffleOrderSampler(OrderSampler):
    """A fresh random permutation every epoch.

    ``random_state`` None draws from flexgrad's default NumPy generator, so
    ``flexgrad.set_seed(n)`` fixes the order; an int seeds a generator of its own, and a
    ``numpy.random.RandomState`` (Chainer's form) or ``flexgrad.backends.Generator`` is
    drawn from directly.
    """

    def __init__(self, random_state: Any = None) -> None:
        if random_state is not None and not hasattr(random_state, "permutation"):
            from .. import backends

            if not isinstance(random_state, backends.Generator):
                random_state = backends.NUMPY.generator(int(random_state))
        self._random = random_state

    def __call__(self, current_order: Any, current_position: int) -> Any:
        return permutation(len(current_order), self._random)
