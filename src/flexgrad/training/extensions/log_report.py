"""Chainer's ``LogReport``: the mean of each reported value per interval, kept and
written to a JSON file."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from typing import Any

from ...serializers import Serializer
from ...serializers._checks import json_text
from ...serializers._dictionary import write_atomically
from ..extension import Extension
from ._accumulate import TriggeredMeans


class LogReport(Extension):
    """Averages the observations over each ``trigger`` interval into one log entry.

    Each entry holds the means (``'main/loss'``, ``'validation/main/accuracy'``, ...) and
    ``epoch``, ``iteration`` and ``elapsed_time``. The whole log is written as JSON to
    ``trainer.out/filename`` after each entry, through a temporary file, so a reader never
    sees half a log.

    Args:
        keys: the observation keys to average; all of them when None.
        trigger: when to make an entry.
        postprocess: ``postprocess(entry)`` may edit an entry before it is stored.
        filename: the log file's name (formatted with the entry's values); None takes
            ``log_name``.
        log_name: Chainer's older name for ``filename``, ``'log'``; None writes no file.
    """

    def __init__(self, keys: Sequence[str] | None = None, trigger: Any = (1, "epoch"),
                 postprocess: Callable[[dict[str, Any]], None] | None = None,
                 filename: str | None = None, *, log_name: str | None = "log") -> None:
        self._means = TriggeredMeans(keys, trigger)
        self._postprocess = postprocess
        self._log_name = log_name if filename is None else filename
        self._log: list[dict[str, Any]] = []

    def __call__(self, trainer: Any) -> None:
        entry = self._means(trainer)
        if entry is None:
            return
        entry["elapsed_time"] = trainer.elapsed_time
        if self._postprocess is not None:
            self._postprocess(entry)
        self._log.append(entry)
        if self._log_name is not None:
            path = os.path.join(trainer.out, self._log_name.format(**entry))
            text = json.dumps(self._log, indent=4).encode()
            write_atomically(path, lambda handle: handle.write(text))

    @property
    def log(self) -> list[dict[str, Any]]:
        """The entries so far, oldest first."""
        return self._log

    def serialize(self, serializer: Any) -> None:
        """The trigger, the partial summary, and the log (as one JSON string); a load
        checks the log is a list of dicts before anything is replaced."""
        self._means.serialize(serializer)
        if isinstance(serializer, Serializer):
            serializer("_log", json.dumps(self._log))
            return
        serializer.declare_check("_log", json_text("a list of dicts", _is_log))
        log = json.loads(serializer("_log", ""))
        if not getattr(serializer, "checking", False):
            self._log = log


def _is_log(value: Any) -> bool:
    """Whether ``value`` is a log: a list of entries, each a dict."""
    return isinstance(value, list) and all(isinstance(entry, dict) for entry in value)
