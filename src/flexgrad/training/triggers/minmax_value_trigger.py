"""Chainer's ``MaxValueTrigger`` / ``MinValueTrigger``: fire when a value hits a new best."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...reporter import DictSummary
from .._check import to_float
from ._resolve import get_trigger


class BestValueTrigger:
    """Fires when the mean of ``key`` over the last interval beats the best so far.

    Args:
        key: the observation key to watch (e.g. ``'validation/main/loss'``).
        compare: ``compare(best, new)`` is True when ``new`` is better.
        trigger: when to compare (the mean is over the observations since the last time).
    """

    def __init__(self, key: str, compare: Callable[[float, float], bool],
                 trigger: Any = (1, "epoch")) -> None:
        self._key = key
        self._compare = compare
        self._best_value: float | None = None
        self._interval_trigger = get_trigger(trigger)
        self._summary = DictSummary()

    def __call__(self, trainer: Any) -> bool:
        observation = trainer.observation
        if self._key in observation:
            self._summary.add({self._key: observation[self._key]})
        if not self._interval_trigger(trainer):
            return False
        stats = self._summary.compute_mean()
        if self._key not in stats:
            raise KeyError(f"flexgrad.training.triggers.{type(self).__name__}: key "
                           f"{self._key!r} was not in the observation since the last check "
                           f"(keys seen: {sorted(observation)})")
        value = to_float(stats[self._key])
        self._summary = DictSummary()
        if self._best_value is None or self._compare(self._best_value, value):
            self._best_value = value
            return True
        return False

    def serialize(self, serializer: Any) -> None:
        if hasattr(self._interval_trigger, "serialize"):
            self._interval_trigger.serialize(serializer["interval_trigger"])
        self._summary.serialize(serializer["summary"])
        best = serializer("best_value", self._best_value)
        self._best_value = None if best is None else to_float(best)


class MaxValueTrigger(BestValueTrigger):
    """Fires when ``key`` reaches a new maximum (e.g. a validation accuracy)."""

    def __init__(self, key: str, trigger: Any = (1, "epoch")) -> None:
        super().__init__(key, lambda best, new: new > best, trigger)


class MinValueTrigger(BestValueTrigger):
    """Fires when ``key`` reaches a new minimum (e.g. a validation loss)."""

    def __init__(self, key: str, trigger: Any = (1, "epoch")) -> None:
        super().__init__(key, lambda best, new: new < best, trigger)
