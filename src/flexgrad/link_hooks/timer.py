"""TimerHook: how long each link's forward takes, per link class."""

from __future__ import annotations

from .._call_timer import CallTimer
from ..link_hook import ForwardCallbackArgs, LinkHook


class TimerHook(LinkHook, CallTimer):
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
    _column = "LinkName"

    def forward_preprocess(self, args: ForwardCallbackArgs) -> None:
        self._start()

    def forward_postprocess(self, args: ForwardCallbackArgs) -> None:
        self._stop(type(args.link).__name__)
