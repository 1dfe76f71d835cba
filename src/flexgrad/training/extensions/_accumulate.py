"""What LogReport and PlotReport share: average the observations between two triggers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ...reporter import DictSummary
from .._check import to_float
from .._lazy import materialized
from ..triggers import get_trigger


class TriggeredMeans:
    """Adds each iteration's observation (``keys`` only, if given) to a summary; when the
    trigger fires, hands the means as floats with ``epoch`` and ``iteration`` and starts
    over.

    Lazy (Dask) values are computed as they are added, all of an iteration's together, so
    nothing here keeps a graph across iterations.
    """

    def __init__(self, keys: Sequence[str] | None, trigger: Any) -> None:
        self.keys = keys
        self.trigger = get_trigger(trigger)
        self.summary = DictSummary()

    def __call__(self, trainer: Any) -> dict[str, Any] | None:
        """Add ``trainer.observation``; the means when the trigger fires, else None."""
        observation = materialized(trainer.observation)
        if self.keys is None:
            self.summary.add(observation)
        else:
            self.summary.add({k: observation[k] for k in self.keys if k in observation})
        if not self.trigger(trainer):
            return None
        stats: dict[str, Any] = {name: to_float(value)
                                 for name, value in self.summary.compute_mean().items()}
        stats["epoch"] = trainer.updater.epoch
        stats["iteration"] = trainer.updater.iteration
        self.summary = DictSummary()
        return stats

    def serialize(self, serializer: Any) -> None:
        """The trigger's state and the partial summary, under Chainer's keys."""
        if hasattr(self.trigger, "serialize"):
            self.trigger.serialize(serializer["_trigger"])
        self.summary.serialize(serializer["_summary"])
