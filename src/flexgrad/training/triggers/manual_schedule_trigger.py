"""Chainer's ``ManualScheduleTrigger``: fire at given iterations or epochs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .._check import expect_unit, fail


class ManualScheduleTrigger:
    """Fires when the counter passes one of ``points``; ``finished`` after the last.

    Args:
        points: a number or a list of them (iterations, or epochs, fractions allowed).
        unit: ``'iteration'`` or ``'epoch'``.
    """

    def __init__(self, points: float | Sequence[float], unit: str) -> None:
        where = "flexgrad.training.triggers.ManualScheduleTrigger"
        expect_unit(where, unit)
        self.points = list(points) if isinstance(points, (list, tuple)) else [points]
        if not self.points:
            fail(where, "points", "a number or a non-empty list of numbers", repr(points))
        self.unit = unit
        self.finished = False
        self._previous_iteration = 0
        self._previous_epoch_detail = 0.0

    def __call__(self, trainer: Any) -> bool:
        updater = trainer.updater
        if self.unit == "epoch":
            current = updater.epoch_detail
            previous = self._previous_epoch_detail
            if previous < 0:
                previous = updater.previous_epoch_detail
        else:
            current = updater.iteration
            previous = self._previous_iteration
            if previous < 0:
                previous = current - 1
        fire = any(previous < point <= current for point in self.points)
        if fire and current >= max(self.points):
            self.finished = True
        self._previous_iteration = updater.iteration
        if hasattr(updater, "epoch_detail"):
            self._previous_epoch_detail = updater.epoch_detail
        return fire

    def serialize(self, serializer: Any) -> None:
        self._previous_iteration = int(
            serializer("previous_iteration", self._previous_iteration))
        self._previous_epoch_detail = float(
            serializer("previous_epoch_detail", float(self._previous_epoch_detail)))
        self.finished = bool(serializer("finished", self.finished))
