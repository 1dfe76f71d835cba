"""What every ``*Shift`` extension shares: set an optimizer attribute from a schedule."""

from __future__ import annotations

from typing import Any

from ... import backends
from ..extension import Extension


def clamp(value: float, target: float | None, growing: bool) -> float:
    """``value`` stopped at ``target``: from above if ``growing`` is False, else from below.

    Compares the ratio ``value / target`` as Chainer does, so negative values work too.
    """
    if target is None:
        return value
    ratio = value / target
    return target if (ratio > 1 if growing else ratio < 1) else value


class ValueShift(Extension):
    """Sets ``optimizer.<attr>`` to ``value_at(t)``, ``t`` counting this extension's calls.

    ``initialize`` sets the starting value (or, after a resume, the last value saved);
    ``_init`` left None is read from the optimizer then. Subclasses write ``value_at``.
    """

    def __init__(self, attr: str, init: float | None, optimizer: Any) -> None:
        self._attr = attr
        self._init = init
        self._optimizer = optimizer
        self._t = 0
        self._last_value: float | None = None

    def value_at(self, t: int) -> float:
        raise NotImplementedError

    def _get_optimizer(self, trainer: Any) -> Any:
        return self._optimizer or trainer.updater.get_optimizer("main")

    def initialize(self, trainer: Any) -> None:
        optimizer = self._get_optimizer(trainer)
        if self._init is None:
            self._init = getattr(optimizer, self._attr)
        value = self.value_at(self._t) if self._last_value is None else self._last_value
        self._update_value(optimizer, value)

    def __call__(self, trainer: Any) -> None:
        self._t += 1
        self._update_value(self._get_optimizer(trainer), self.value_at(self._t))

    def _update_value(self, optimizer: Any, value: float) -> None:
        setattr(optimizer, self._attr, value)
        self._last_value = value

    def serialize(self, serializer: Any) -> None:
        self._t = int(serializer("_t", self._t))
        last = serializer("_last_value", self._last_value)
        if backends.is_array(last):
            last = float(backends.backend_of(last).to_numpy(last))
        self._last_value = last
