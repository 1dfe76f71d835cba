"""Chainer's ``IntervalTrigger``: fire every ``period`` iterations or epochs."""

from __future__ import annotations

from typing import Any

from .._check import expect_unit, fail


class IntervalTrigger:
    """Fires when the counter crosses a multiple of ``period``.

    With ``unit='epoch'`` a fractional period works: the trigger compares the updater's
    ``epoch_detail`` before and after the step (``previous // period != current //
    period``), so ``(0.5, 'epoch')`` fires twice per epoch however the batches fall.

    Args:
        period: the interval length (an int, or a float for epochs).
        unit: ``'iteration'`` or ``'epoch'``.
    """

    def __init__(self, period: float, unit: str) -> None:
        where = "flexgrad.training.triggers.IntervalTrigger"
        expect_unit(where, unit)
        if isinstance(period, bool) or not isinstance(period, (int, float)) or period <= 0:
            fail(where, "period", "a positive number", repr(period))
        self.period = period
        self.unit = unit
        self._previous_iteration = 0
        self._previous_epoch_detail = 0.0

    def __call__(self, trainer: Any) -> bool:
        updater = trainer.updater
        if self.unit == "epoch":
            previous = self._previous_epoch_detail
            if previous < 0:  # resumed from a snapshot that lacked it
                previous = updater.previous_epoch_detail
            fire = previous // self.period != updater.epoch_detail // self.period
        else:
            previous = self._previous_iteration
            if previous < 0:
                previous = updater.iteration - 1
            fire = previous // self.period != updater.iteration // self.period
        self._previous_iteration = updater.iteration
        if hasattr(updater, "epoch_detail"):
            self._previous_epoch_detail = updater.epoch_detail
        return fire

    def get_training_length(self) -> tuple[float, str]:
        """``(period, unit)``: how long a run this trigger stops (for progress bars)."""
        return self.period, self.unit

    def serialize(self, serializer: Any) -> None:
        self._previous_iteration = int(
            serializer("previous_iteration", self._previous_iteration))
        self._previous_epoch_detail = float(
            serializer("previous_epoch_detail", float(self._previous_epoch_detail)))

    def __str__(self) -> str:
        return f"IntervalTrigger({self.period}, '{self.unit}')"
