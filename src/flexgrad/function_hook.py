"""Function hooks (Chainer's ``chainer.FunctionHook``): code run around every op's forward
and backward in this thread, inside ``with hook:``.

:mod:`flexgrad.function_hooks` has ready ones (``TimerHook``, ``PrintHook``).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any


class _ThreadHooks(threading.local):
    def __init__(self) -> None:
        self.hooks: OrderedDict[str, FunctionHook] = OrderedDict()


_thread = _ThreadHooks()

# How many hooks are active in any thread: ops read this plain global first, so with no
# hook anywhere an op pays one global lookup, not a thread-local one.
active_count = 0


def thread_hooks() -> OrderedDict[str, FunctionHook]:
    """The hooks active in this thread, by name (empty unless some thread has one)."""
    return _thread.hooks if active_count else _EMPTY


_EMPTY: OrderedDict[str, FunctionHook] = OrderedDict()


class FunctionHook:
    """Base of function hooks; ``name`` keys it among the thread's hooks.

    ``in_data`` is the tuple of input arrays; in backward, an input an op did not keep
    for its backward is None. ``out_grad`` is the tuple of output gradient arrays.
    """

    name = "FunctionHook"

    def __enter__(self) -> FunctionHook:
        global active_count
        hooks = _thread.hooks
        if self.name in hooks:
            raise KeyError(f"flexgrad.FunctionHook: a hook named {self.name!r} is already "
                           "active in this thread")
        self.added(None)  # may refuse: then nothing is registered
        hooks[self.name] = self
        active_count += 1
        return self

    def __exit__(self, *exc_info: Any) -> None:
        global active_count
        self.deleted(None)
        del _thread.hooks[self.name]
        active_count -= 1

    def added(self, function: Any = None) -> None:
        """Called when the hook becomes active."""

    def deleted(self, function: Any = None) -> None:
        """Called when the hook stops being active."""

    def forward_preprocess(self, function: Any, in_data: tuple) -> None:
        """Called before ``function.forward(in_data)``."""

    def forward_postprocess(self, function: Any, in_data: tuple) -> None:
        """Called after ``function.forward(in_data)``."""

    def backward_preprocess(self, function: Any, in_data: tuple, out_grad: tuple) -> None:
        """Called before ``function.backward``."""

    def backward_postprocess(self, function: Any, in_data: tuple, out_grad: tuple) -> None:
        """Called after ``function.backward``."""
