"""Chainer's ``observe_value`` and ``observe_lr``: put a value into the observation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..extension import PRIORITY_WRITER, make_extension


def observe_value(observation_key: str,
                  target_func: Callable[[Any], Any]) -> Callable[[Any], None]:
    """An extension storing ``target_func(trainer)`` as ``observation[observation_key]``
    (once per epoch by default), so LogReport logs it."""

    @make_extension(trigger=(1, "epoch"), priority=PRIORITY_WRITER)
    def _observe_value(trainer: Any) -> None:
        trainer.observation[observation_key] = target_func(trainer)

    return _observe_value


def observe_lr(optimizer_name: str = "main",
               observation_key: str = "lr") -> Callable[[Any], None]:
    """An extension observing the optimizer's ``lr`` (Adam's is its effective step)."""
    return observe_value(
        observation_key, lambda trainer: trainer.updater.get_optimizer(optimizer_name).lr)
