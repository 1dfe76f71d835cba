"""Chainer's ``TimeTrigger``: fire every ``period`` seconds of training."""

from __future__ import annotations

from typing import Any


class TimeTrigger:
    """Fires once each time ``trainer.elapsed_time`` passes another ``period`` seconds
    (snapshot-friendly: the next deadline is saved and resumed)."""

    def __init__(self, period: float) -> None:
        self._period = period
        self._next_time = period

    def __call__(self, trainer: Any) -> bool:
        if self._next_time < trainer.elapsed_time:
            self._next_time += self._period
            return True
        return False

    def serialize(self, serializer: Any) -> None:
        self._next_time = float(serializer("next_time", float(self._next_time)))
