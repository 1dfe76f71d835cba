"""Chainer's ``WarmupShift``: raise an optimizer attribute linearly to its value."""

from __future__ import annotations

from typing import Any

from ._value_shift import ValueShift


class WarmupShift(ValueShift):
    """From ``warmup_start`` linearly to ``init`` over ``warmup_iter`` calls, then ``init``
    (``init`` None: the optimizer's value when training starts).

    >>> WarmupShift('lr', 0.0, 4, init=1.0).value_at(1)
    0.25
    """

    def __init__(self, attr: str, warmup_start: float, warmup_iter: int,
                 init: float | None = None, optimizer: Any = None) -> None:
        super().__init__(attr, init, optimizer)
        self._warmup_start = warmup_start
        self._warmup_iter = warmup_iter

    def value_at(self, t: int) -> float:
        fraction = min(t / self._warmup_iter, 1.0)
        return self._warmup_start + (self._init - self._warmup_start) * fraction
