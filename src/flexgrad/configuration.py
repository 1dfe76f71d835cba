"""Thread-local configuration, as in Chainer: ``flexgrad.config.train = False``.

Defaults live on the class (that is ``global_config``); a thread's overrides live on
its ``threading.local`` instance, so reading a flag on the hot path is one attribute
lookup, not a chain of ``__getattr__`` calls.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import Any


class _Defaults(threading.local):
    """Default flag values; any other name may be set with ``using_config``."""

    train = True
    enable_backprop = True
    debug = False
    type_check = True
    keep_graph_on_report = False
    retain_graph = False  # True: every backward keeps the graph, as Chainer's did
    dtype = "float32"

    def __repr__(self) -> str:
        names = sorted(n for n in dir(self) if not n.startswith("_") and n != "show")
        return "\n".join(f"{n:<16} {getattr(self, n)!r}" for n in names)

    def show(self) -> None:
        """Print every flag and its value in this thread."""
        print(repr(self))


class _GlobalConfig:
    """Writes go to the defaults that every thread sees unless it overrides them."""

    def __getattr__(self, name: str) -> Any:
        return getattr(_Defaults, name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(_Defaults, name, value)


config = _Defaults()
global_config = _GlobalConfig()

_MISSING = object()


@contextlib.contextmanager
def using_config(name: str, value: Any) -> Iterator[None]:
    """Set ``config.<name>`` to ``value`` in this thread for the ``with`` block."""
    previous = config.__dict__.get(name, _MISSING)
    setattr(config, name, value)
    try:
        yield
    finally:
        if previous is _MISSING:
            delattr(config, name)
        else:
            setattr(config, name, previous)


def no_backprop_mode() -> contextlib.AbstractContextManager[None]:
    """Record no graph inside the block: outputs have no creator."""
    return using_config("enable_backprop", False)


def force_backprop_mode() -> contextlib.AbstractContextManager[None]:
    """Record the graph inside the block even within ``no_backprop_mode``."""
    return using_config("enable_backprop", True)


def is_debug() -> bool:
    """Whether debug mode (NaN/Inf checks naming the op and your line) is on here."""
    return bool(config.debug)


def set_debug(debug: bool) -> None:
    """Turn debug mode on or off for every thread (Chainer's ``chainer.set_debug``)."""
    global_config.debug = debug
