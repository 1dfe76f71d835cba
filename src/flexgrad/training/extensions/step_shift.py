"""Chainer's ``StepShift``: multiply an optimizer attribute by ``gamma`` every ``step``."""

from __future__ import annotations

from typing import Any

from ._value_shift import ValueShift, clamp


class StepShift(ValueShift):
    """``optimizer.<attr> = init * gamma ** floor(t / step)``, stopped at ``target``.

    >>> StepShift('lr', 0.1, 3, init=1.0).value_at(7)
    0.010000000000000002
    """

    def __init__(self, attr: str, gamma: float, step: int, init: float | None = None,
                 target: float | None = None, optimizer: Any = None) -> None:
        super().__init__(attr, init, optimizer)
        self._gamma = gamma
        self._step = step
        self._target = target

    def value_at(self, t: int) -> float:
        return clamp(self._init * self._gamma ** (t // self._step), self._target,
                     self._gamma > 1)
