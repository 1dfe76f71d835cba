"""Chainer's ``InverseShift``: decay an optimizer attribute as ``(1 + gamma t)^-power``."""

from __future__ import annotations

from typing import Any

from ._value_shift import ValueShift, clamp


class InverseShift(ValueShift):
    """``optimizer.<attr> = init * (1 + gamma * t) ** -power``, stopped at ``target``.

    >>> InverseShift('lr', 1.0, 1.0, init=1.0).value_at(3)
    0.25
    """

    def __init__(self, attr: str, gamma: float, power: float, init: float | None = None,
                 target: float | None = None, optimizer: Any = None) -> None:
        super().__init__(attr, init, optimizer)
        self._gamma = gamma
        self._power = power
        self._target = target

    def value_at(self, t: int) -> float:
        value = self._init * (1 + self._gamma * t) ** (-self._power)
        return clamp(value, self._target, self._power < 0)
