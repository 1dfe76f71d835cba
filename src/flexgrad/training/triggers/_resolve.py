"""``get_trigger``: a trigger from Chainer's short forms."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .._check import fail
from .interval_trigger import IntervalTrigger


def _never_fire(trainer: Any) -> bool:
    return False


def get_trigger(trigger: Any) -> Callable[[Any], bool]:
    """A callable trigger from ``(period, unit)``, a callable (kept as is) or None (never).

    >>> get_trigger((10, 'epoch')).get_training_length()
    (10, 'epoch')
    """
    if callable(trigger):
        return trigger
    if trigger is None:
        return _never_fire
    if not isinstance(trigger, (tuple, list)) or len(trigger) != 2:
        fail("flexgrad.training.get_trigger", "trigger",
             "(period, 'epoch' | 'iteration'), a callable or None", trigger, kind="type")
    return IntervalTrigger(*trigger)
