"""Chainer's ``MicroAverage``: a ratio of sums over an interval (e.g. a micro-averaged
accuracy from per-batch counts)."""

from __future__ import annotations

from typing import Any

from ...reporter import report
from .._check import to_float
from ..extension import PRIORITY_EDITOR, Extension
from ..triggers import get_trigger


class MicroAverage(Extension):
    """Sums ``observation[numerator_key]`` and ``observation[denominator_key]`` each
    iteration, and when ``trigger`` fires reports their ratio as ``result_key``.

    Values are taken as floats when added, so a lazy (Dask) count never keeps a graph.
    """

    priority = PRIORITY_EDITOR

    def __init__(self, numerator_key: str, denominator_key: str, result_key: str,
                 trigger: Any = (1, "epoch")) -> None:
        self._trigger = get_trigger(trigger)
        self._numerator_key = numerator_key
        self._denominator_key = denominator_key
        self._result_key = result_key
        self._numerator = 0.0
        self._denominator = 0.0

    def __call__(self, trainer: Any) -> None:
        observation = trainer.observation
        if self._numerator_key not in observation or self._denominator_key not in observation:
            return
        self._numerator += to_float(observation[self._numerator_key])
        self._denominator += to_float(observation[self._denominator_key])
        if self._trigger(trainer):
            result = self._numerator / self._denominator
            self._numerator = self._denominator = 0.0
            report({self._result_key: result})

    def serialize(self, serializer: Any) -> None:
        if hasattr(self._trigger, "serialize"):
            self._trigger.serialize(serializer["_trigger"])
        self._numerator = float(serializer("_numerator", self._numerator))
        self._denominator = float(serializer("_denominator", self._denominator))
