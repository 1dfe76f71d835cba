"""Chainer's ``OnceTrigger``: fire once, at the first check (and after a resume if asked)."""

from __future__ import annotations

from typing import Any


class OnceTrigger:
    """Fires at its first call only; ``call_on_resume=True`` fires again after a resume."""

    def __init__(self, call_on_resume: bool = False) -> None:
        self._flag_first = True
        self._flag_resumed = call_on_resume

    @property
    def finished(self) -> bool:
        """True once fired (the trainer then skips the extension's ``initialize``)."""
        return not (self._flag_first or self._flag_resumed)

    def __call__(self, trainer: Any) -> bool:
        fire = self._flag_first or self._flag_resumed
        self._flag_first = self._flag_resumed = False
        return fire

    def serialize(self, serializer: Any) -> None:
        self._flag_first = bool(serializer("_flag_first", self._flag_first))
