"""Chainer's ``MultistepShift``: multiply an optimizer attribute by ``gamma`` at given
calls."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ._value_shift import ValueShift


class MultistepShift(ValueShift):
    """``optimizer.<attr> = init * gamma ** (number of step_value entries <= t)``.

    >>> MultistepShift('lr', 0.1, [2, 4], init=1.0).value_at(3)
    0.1
    """

    def __init__(self, attr: str, gamma: float, step_value: Sequence[int],
                 init: float | None, optimizer: Any = None) -> None:
        super().__init__(attr, init, optimizer)
        self._gamma = gamma
        self._step_value = list(step_value)

    def value_at(self, t: int) -> float:
        return self._init * self._gamma ** sum(1 for step in self._step_value if t >= step)
