"""Chainer's ``ExponentialShift``: multiply an optimizer attribute by ``rate`` each call."""

from __future__ import annotations

from typing import Any

from .._check import fail
from ._value_shift import ValueShift, clamp


class ExponentialShift(ValueShift):
    """``optimizer.<attr> = init * rate ** t``, stopped at ``target``.

    >>> ExponentialShift('lr', 0.5, init=0.1).value_at(2)
    0.025
    """

    def __init__(self, attr: str, rate: float, init: float | None = None,
                 target: float | None = None, optimizer: Any = None) -> None:
        if rate < 0:
            fail("flexgrad.training.extensions.ExponentialShift", "rate",
                 "a non-negative number", repr(rate))
        super().__init__(attr, init, optimizer)
        self._rate = rate
        self._target = target

    def value_at(self, t: int) -> float:
        return clamp(self._init * self._rate ** t, self._target, self._rate > 1)
