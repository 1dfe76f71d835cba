"""Chainer's ``LinearShift``: move an optimizer attribute linearly between two values."""

from __future__ import annotations

from typing import Any

from ._value_shift import ValueShift


class LinearShift(ValueShift):
    """``value_range[0]`` up to call ``time_range[0]``, then linearly to ``value_range[1]``
    at call ``time_range[1]``, and that after.

    >>> LinearShift('lr', (1.0, 0.0), (10, 20)).value_at(15)
    0.5
    """

    def __init__(self, attr: str, value_range: tuple[float, float],
                 time_range: tuple[int, int], optimizer: Any = None) -> None:
        super().__init__(attr, value_range[0], optimizer)
        self._value_range = value_range
        self._time_range = time_range

    def value_at(self, t: int) -> float:
        (t1, t2), (v1, v2) = self._time_range, self._value_range
        if t <= t1:
            return v1
        if t >= t2:
            return v2
        return v1 + (t - t1) / (t2 - t1) * (v2 - v1)
