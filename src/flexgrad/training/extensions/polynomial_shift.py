"""Chainer's ``PolynomialShift``: decay an optimizer attribute to 0 over ``max_count``."""

from __future__ import annotations

from typing import Any

from ._value_shift import ValueShift, clamp


class PolynomialShift(ValueShift):
    """``optimizer.<attr> = init * max(1 - t / max_count, 0) ** rate``, stopped at
    ``target``.

    >>> PolynomialShift('lr', 1.0, 4, init=1.0).value_at(1)
    0.75
    """

    def __init__(self, attr: str, rate: float, max_count: int, init: float | None = None,
                 target: float | None = None, optimizer: Any = None) -> None:
        super().__init__(attr, init, optimizer)
        self._rate = rate
        self._max_count = max_count
        self._target = target

    def value_at(self, t: int) -> float:
        value = self._init * max(1 - t / self._max_count, 0) ** self._rate
        return clamp(value, self._target, self._rate < 0)
