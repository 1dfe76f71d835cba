"""TimerHook: how long each link's forward takes, per link class."""

from __future__ import annotations

import sys
import time
from collections import OrderedDict
from typing import Any, TextIO

from ..link_hook import ForwardCallbackArgs, LinkHook


class TimerHook(LinkHook):
    """Record the wall time of every link's forward (children included in their parent's).

    On lazy backends (Dask) this is the time to record the graph, not to compute it.

    >>> import numpy as np, flexgrad, flexgrad.links as L
    >>> model = L.Classifier(L.Linear(3, 2))
    >>> with flexgrad.link_hooks.TimerHook() as hook:
    ...     _ = model(np.ones((1, 3), np.float32), np.array([0]))
    >>> [name for name, _ in hook.call_history]
    ['Linear', 'Classifier']
    """

    name = "TimerHook"

    def __init__(self) -> None:
        self.call_history: list[tuple[str, float]] = []
        self._starts: list[float] = []
        self._total = 0.0

    def forward_preprocess(self, args: ForwardCallbackArgs) -> None:
        self._starts.append(time.perf_counter())

    def forward_postprocess(self, args: ForwardCallbackArgs) -> None:
        elapsed = time.perf_counter() - self._starts.pop()
        self.call_history.append((type(args.link).__name__, elapsed))
        if not self._starts:
            self._total += elapsed

    def total_time(self) -> float:
        """Seconds spent in outermost forwards (nested links are not counted twice)."""
        return self._total

    def summary(self) -> OrderedDict[str, dict[str, Any]]:
        """``{link class: {'elapsed_time': seconds, 'occurrence': calls}}``."""
        table: OrderedDict[str, dict[str, Any]] = OrderedDict()
        for name, elapsed in self.call_history:
            entry = table.setdefault(name, {"elapsed_time": 0.0, "occurrence": 0})
            entry["elapsed_time"] += elapsed
            entry["occurrence"] += 1
        return table

    def print_report(self, unit: str = "auto", file: TextIO | None = None) -> None:
        """Print the summary as a table; ``unit`` is 'sec', 'ms', 'us' or 'auto'."""
        scales = {"sec": 1.0, "ms": 1e3, "us": 1e6}
        out = file or sys.stdout
        print(f"{'LinkName':<24} {'ElapsedTime':>14} {'Occurrence':>10}", file=out)
        for name, entry in self.summary().items():
            seconds = entry["elapsed_time"]
            chosen = unit
            if unit == "auto":
                chosen = "sec" if seconds >= 1 else "ms" if seconds >= 1e-3 else "us"
            if chosen not in scales:
                raise ValueError(f"TimerHook.print_report: unit must be 'sec', 'ms', 'us' or "
                                 f"'auto', got {unit!r}")
            text = f"{seconds * scales[chosen]:.3f}{chosen}"
            print(f"{name:<24} {text:>14} {entry['occurrence']:>10}", file=out)
