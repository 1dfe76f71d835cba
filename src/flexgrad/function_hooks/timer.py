"""TimerHook: how long each op's forward and backward take, per op."""

from __future__ import annotations

from typing import Any

from .._call_timer import CallTimer
from ..function_hook import FunctionHook


class TimerHook(FunctionHook, CallTimer):
    """Record the wall time of every op's forward and backward in ``with TimerHook():``.

    The ops a backward runs are timed too and nested in it, so :meth:`total_time` counts
    them once. On lazy backends (Dask) this is the time to record the graph, not to
    compute it.

    >>> import numpy as np, flexgrad, flexgrad.functions as F
    >>> x = flexgrad.Variable(np.ones(3))
    >>> with flexgrad.function_hooks.TimerHook() as hook:
    ...     F.sum(F.exp(x)).backward()
    >>> hook.summary()['Exp']['occurrence']  # one forward, one backward
    2
    """

    name = "TimerHook"
    _column = "FunctionName"

    def forward_preprocess(self, function: Any, in_data: tuple) -> None:
        self._start()

    def forward_postprocess(self, function: Any, in_data: tuple) -> None:
        self._stop(function.label)

    def backward_preprocess(self, function: Any, in_data: tuple, out_grad: tuple) -> None:
        self._start()

    def backward_postprocess(self, function: Any, in_data: tuple, out_grad: tuple) -> None:
        self._stop(function.label)
