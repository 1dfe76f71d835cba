"""Chainer's ``EarlyStoppingTrigger``: stop when a monitored value stops improving."""

from __future__ import annotations

import operator
import warnings
from typing import Any

from ...reporter import DictSummary
from .._check import fail, to_float
from ._resolve import get_trigger


class EarlyStoppingTrigger:
    """A stop trigger: fires after ``patience`` checks without improvement, or at
    ``max_trigger``.

    Args:
        check_trigger: when to compare the monitored mean with the best so far.
        monitor: the observation key to watch.
        patience: how many checks without improvement to allow.
        mode: ``'min'``, ``'max'``, or ``'auto'`` (max for keys with ``'accuracy'``).
        verbose: print when stopping.
        max_trigger: stop here anyway (also the training length for progress bars).
    """

    def __init__(self, check_trigger: Any = (1, "epoch"), monitor: str = "main/loss",
                 patience: int = 3, mode: str = "auto", verbose: bool = False,
                 max_trigger: Any = (100, "epoch")) -> None:
        if mode not in ("auto", "min", "max"):
            fail("flexgrad.training.triggers.EarlyStoppingTrigger", "mode",
                 "'auto', 'min' or 'max'", repr(mode))
        if mode == "auto":
            mode = "max" if "accuracy" in monitor else "min"
        self._compare = operator.gt if mode == "max" else operator.lt
        self.best = float("-inf") if mode == "max" else float("inf")
        self.count = 0
        self.patience = patience
        self.monitor = monitor
        self.verbose = verbose
        self._max_trigger = get_trigger(max_trigger)
        self._interval_trigger = get_trigger(check_trigger)
        self._summary = DictSummary()

    def __call__(self, trainer: Any) -> bool:
        observation = trainer.observation
        if self.monitor in observation:
            self._summary.add({self.monitor: observation[self.monitor]})
        if self._max_trigger(trainer):
            return True
        if not self._interval_trigger(trainer):
            return False
        if self.monitor not in observation:
            warnings.warn(f"EarlyStoppingTrigger: {self.monitor!r} is not in the observation",
                          stacklevel=2)
            return False
        current = to_float(self._summary.compute_mean()[self.monitor])
        self._summary = DictSummary()
        if self._compare(current, self.best):
            self.best = current
            self.count = 0
        else:
            self.count += 1
        if self.count >= self.patience:
            if self.verbose:
                print(f"Epoch {trainer.updater.epoch}: early stopping")
            return True
        return False

    def get_training_length(self) -> Any:
        return self._max_trigger.get_training_length()
