"""The state a stateful recurrent link keeps between calls."""

from __future__ import annotations

from typing import Any


class KeptState:
    """Mixin: the attributes named in ``_device_state`` (``('c', 'h')`` for an LSTM) are
    the state; ``reset_state`` forgets it, ``set_state`` sets it in that order, and
    ``Link.to_device`` moves it."""

    _device_state: tuple[str, ...] = ()

    def reset_state(self) -> None:
        """Forget the state: the next call starts without one."""
        for name in self._device_state:
            setattr(self, name, None)

    def set_state(self, *state: Any) -> None:
        """Start the next call from this state (one array or Variable per state name,
        e.g. ``set_state(c, h)`` for an LSTM, ``set_state(h)`` for a GRU)."""
        if len(state) != len(self._device_state):
            names = ", ".join(self._device_state)
            raise TypeError(f"{type(self).__name__}.set_state: expected {names}, got "
                            f"{len(state)} value(s)")
        for name, value in zip(self._device_state, state, strict=True):
            setattr(self, name, value)
