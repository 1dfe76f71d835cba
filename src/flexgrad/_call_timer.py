"""Timing of nested calls by name, shared by the link and function TimerHooks."""

from __future__ import annotations

import sys
import time
from collections import OrderedDict
from typing import Any, TextIO

_SCALES = {"sec": 1.0, "ms": 1e3, "us": 1e6}


class CallTimer:
    """Wall time per call, with nested calls counted once in :meth:`total_time`."""

    def __init__(self) -> None:
        self.call_history: list[tuple[str, float]] = []
        self._starts: list[float] = []
        self._total = 0.0

    def _start(self) -> None:
        self._starts.append(time.perf_counter())

    def _stop(self, name: str) -> None:
        elapsed = time.perf_counter() - self._starts.pop()
        self.call_history.append((name, elapsed))
        if not self._starts:
            self._total += elapsed

    def total_time(self) -> float:
        """Seconds spent in outermost calls (nested ones are not counted twice)."""
        return self._total

    def summary(self) -> OrderedDict[str, dict[str, Any]]:
        """``{name: {'elapsed_time': seconds, 'occurrence': calls}}``."""
        table: OrderedDict[str, dict[str, Any]] = OrderedDict()
        for name, elapsed in self.call_history:
            entry = table.setdefault(name, {"elapsed_time": 0.0, "occurrence": 0})
            entry["elapsed_time"] += elapsed
            entry["occurrence"] += 1
        return table

    def print_report(self, unit: str = "auto", file: TextIO | None = None) -> None:
        """Print the summary as a table; ``unit`` is 'sec', 'ms', 'us' or 'auto'."""
        if unit not in (*_SCALES, "auto"):
            raise ValueError(f"{type(self).__name__}.print_report: unit must be 'sec', 'ms', "
                             f"'us' or 'auto', got {unit!r}")
        out = file or sys.stdout
        print(f"{self._column:<24} {'ElapsedTime':>14} {'Occurrence':>10}", file=out)
        for name, entry in self.summary().items():
            seconds = entry["elapsed_time"]
            chosen = unit
            if unit == "auto":
                chosen = "sec" if seconds >= 1 else "ms" if seconds >= 1e-3 else "us"
            text = f"{seconds * _SCALES[chosen]:.3f}{chosen}"
            print(f"{name:<24} {text:>14} {entry['occurrence']:>10}", file=out)

    _column = "Name"
