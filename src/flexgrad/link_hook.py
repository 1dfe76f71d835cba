"""Link hooks (Chainer's ``chainer.LinkHook``): code run around every link's ``forward``.

A hook is registered on one link (``link.add_hook(hook)``, for that link only) or for
every link called in a ``with hook:`` block of this thread. Subclasses override the
callbacks they need; :mod:`flexgrad.link_hooks` has ready ones (``TimerHook``).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any


class _ThreadHooks(threading.local):
    def __init__(self) -> None:
        self.hooks: OrderedDict[str, LinkHook] = OrderedDict()


_thread = _ThreadHooks()


def global_link_hooks() -> OrderedDict[str, LinkHook]:
    """The hooks active for every link in this thread, by name."""
    return _thread.hooks


class ForwardCallbackArgs:
    """What a callback sees: ``link``, ``forward_name``, ``args``, ``kwargs`` and, after
    the forward, ``out``."""

    __slots__ = ("link", "forward_name", "args", "kwargs", "out")

    def __init__(self, link: Any, forward_name: str, args: tuple, kwargs: dict) -> None:
        self.link, self.forward_name = link, forward_name
        self.args, self.kwargs = args, kwargs
        self.out: Any = None


class LinkHook:
    """Base of link hooks; ``name`` keys it among a link's (or the thread's) hooks."""

    name = "LinkHook"

    def __enter__(self) -> LinkHook:
        hooks = global_link_hooks()
        if self.name in hooks:
            raise KeyError(f"flexgrad.LinkHook: a hook named {self.name!r} is already active "
                           "in this thread")
        self.added(None)  # may refuse (SpectralNormalization): then nothing is registered
        hooks[self.name] = self
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.deleted(None)
        del global_link_hooks()[self.name]

    def added(self, link: Any) -> None:
        """Called when registered on ``link`` (None: for every link, by ``with``)."""

    def deleted(self, link: Any) -> None:
        """Called when unregistered from ``link`` (None: at the end of the ``with``)."""

    def forward_preprocess(self, args: ForwardCallbackArgs) -> None:
        """Called before ``args.link.forward(*args.args, **args.kwargs)``."""

    def forward_postprocess(self, args: ForwardCallbackArgs) -> None:
        """Called after the forward; its result is ``args.out``."""
