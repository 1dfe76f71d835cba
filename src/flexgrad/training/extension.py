"""Chainer's ``Extension``: something the Trainer calls when its trigger fires."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

PRIORITY_WRITER = 300
"""Extensions that write into the observation (Evaluator, observe_value) run first."""
PRIORITY_EDITOR = 200
"""Extensions that edit what writers put in the observation run next."""
PRIORITY_READER = 100
"""Extensions that only read the observation (LogReport, PrintReport) run last."""


class Extension:
    """Base of trainer extensions: ``__call__(trainer)`` when ``trigger`` fires.

    ``initialize(trainer)`` runs once when the trainer starts (also after a resume),
    ``finalize()`` once when it stops, ``on_error`` when the loop raises, and
    ``serialize`` saves and loads state into snapshots.
    """

    trigger: Any = (1, "iteration")
    priority: int = PRIORITY_READER
    name: str | None = None

    @property
    def default_name(self) -> str:
        """The name the trainer registers this extension under when none is given."""
        return type(self).__name__

    def __call__(self, trainer: Any) -> Any:
        raise NotImplementedError

    def initialize(self, trainer: Any) -> None:
        """Called before the training loop starts (and again after a resume)."""

    def finalize(self) -> None:
        """Called when the training loop ends, normally or by an exception."""

    def on_error(self, trainer: Any, exc: BaseException, tb: Any) -> None:
        """Called when the training loop raises ``exc``, before ``finalize``."""

    def serialize(self, serializer: Any) -> None:
        """Save or load the extension's state."""


def make_extension(trigger: Any = None, default_name: str | None = None,
                   priority: int | None = None, finalizer: Callable[[], None] | None = None,
                   initializer: Callable[[Any], None] | None = None,
                   on_error: Callable[[Any, BaseException, Any], None] | None = None
                   ) -> Callable[[Callable[[Any], Any]], Callable[[Any], Any]]:
    """Decorator turning ``f(trainer)`` into an extension (Chainer's ``make_extension``).

    >>> @make_extension(trigger=(1, 'epoch'))
    ... def hello(trainer):
    ...     print('a new epoch')
    >>> hello.trigger, hello.default_name, hello.priority
    ((1, 'epoch'), 'hello', 100)
    """
    if trigger is None:
        trigger = Extension.trigger
    if priority is None:
        priority = Extension.priority

    def decorator(ext: Callable[[Any], Any]) -> Callable[[Any], Any]:
        ext.trigger = trigger  # type: ignore[attr-defined]
        ext.default_name = default_name or ext.__name__  # type: ignore[attr-defined]
        ext.priority = priority  # type: ignore[attr-defined]
        ext.finalize = finalizer  # type: ignore[attr-defined]
        ext.initialize = initializer  # type: ignore[attr-defined]
        ext.on_error = on_error  # type: ignore[attr-defined]
        return ext

    return decorator
