"""Chainer's ``Trainer``: the training loop, with extensions run on triggers."""

from __future__ import annotations

import os
import sys
import time
import traceback
from typing import Any

from .. import backends
from ..reporter import Reporter
from ..serializers import Serializer
from ._check import fail
from .extension import PRIORITY_READER
from .triggers import get_trigger


class _ExtensionEntry:
    __slots__ = ("extension", "trigger", "priority", "call_before_training")

    def __init__(self, extension: Any, trigger: Any, priority: int,
                 call_before_training: bool) -> None:
        self.extension = extension
        self.trigger = trigger
        self.priority = priority
        self.call_before_training = call_before_training


class Trainer:
    """Runs ``updater.update()`` until ``stop_trigger`` fires, calling extensions on the way.

    Each iteration's reports (``'main/loss'``, ...) land in ``trainer.observation``, which
    extensions read; the main optimizer's target reports as ``'main'`` and its links as
    ``'main/<path>'``.

    Args:
        updater: makes one training step per ``update()``.
        stop_trigger: ``(10, 'epoch')``, ``(1000, 'iteration')``, a callable, or None
            (never stop by itself).
        out: the folder extensions write into (logs, snapshots, plots).
        extensions: extensions to register as by :meth:`extend` with no options.
    """

    def __init__(self, updater: Any, stop_trigger: Any = None, out: str = "result",
                 extensions: list[Any] | None = None) -> None:
        self.updater = updater
        self.stop_trigger = get_trigger(stop_trigger)
        self.observation: dict[str, Any] = {}
        self.out = out
        self.reporter = Reporter()
        for name, optimizer in updater.get_all_optimizers().items():
            self.reporter.add_observer(name, optimizer.target)
            self.reporter.add_observers(name, optimizer.target.namedlinks(skipself=True))
        self._done = False
        self._extensions: dict[str, _ExtensionEntry] = {}
        self._start_at: float | None = None
        self._snapshot_elapsed_time = 0.0
        self._final_elapsed_time: float | None = None
        if hasattr(updater, "connect_trainer"):
            updater.connect_trainer(self)
        for extension in extensions or ():
            self.extend(extension)

    @property
    def is_before_training(self) -> bool:
        return self.updater.iteration == 0

    @property
    def elapsed_time(self) -> float:
        """Seconds of training so far, including those before a resumed snapshot."""
        if self._done:
            return self._final_elapsed_time  # type: ignore[return-value]
        if self._start_at is None:
            raise RuntimeError("flexgrad.training.Trainer.elapsed_time: training has not "
                               "started yet (call run())")
        return time.perf_counter() - self._start_at + self._snapshot_elapsed_time

    def extend(self, extension: Any, name: str | None = None, trigger: Any = None,
               priority: int | None = None, call_before_training: bool = False) -> None:
        """Register ``extension``, called when ``trigger`` fires (its own by default).

        Args:
            extension: an Extension, or a callable ``f(trainer)``.
            name: defaults to the extension's ``name``, ``default_name`` or ``__name__``;
                a name taken already gets ``_1``, ``_2``, ... appended.
            trigger: defaults to the extension's ``trigger``, else ``(1, 'iteration')``.
            priority: higher runs first; defaults to the extension's, else READER.
            call_before_training: also call it once before the first iteration.
        """
        where = "flexgrad.training.Trainer.extend"
        if not callable(extension):
            fail(where, "extension", "an Extension or a callable f(trainer)", extension,
                 kind="type")
        if name is None:
            name = (getattr(extension, "name", None)
                    or getattr(extension, "default_name", None)
                    or getattr(extension, "__name__", None))
            if name is None:
                fail(where, "name", "a name (the extension has no name, default_name or "
                     "__name__)", "None", kind="type")
        if name == "training":
            fail(where, "name", "any name but 'training' (reserved)", repr(name))
        if trigger is None:
            trigger = getattr(extension, "trigger", (1, "iteration"))
        if priority is None:
            priority = getattr(extension, "priority", PRIORITY_READER)
        unique, ordinal = name, 0
        while unique in self._extensions:
            ordinal += 1
            unique = f"{name}_{ordinal}"
        extension.name = unique
        self._extensions[unique] = _ExtensionEntry(extension, get_trigger(trigger), priority,
                                                   call_before_training)

    def get_extension(self, name: str) -> Any:
        """The extension registered as ``name``."""
        if name not in self._extensions:
            fail("flexgrad.training.Trainer.get_extension", "name",
                 f"one of {sorted(self._extensions)}", repr(name), kind="value")
        return self._extensions[name].extension

    def run(self, show_loop_exception_msg: bool = True) -> None:
        """Train until the stop trigger fires.

        Extensions are initialized first (an autoloading snapshot, then by priority) and
        finalized at the end; an exception in the loop calls each extension's
        ``on_error``, finalizes, and propagates.
        """
        if self._done:
            raise RuntimeError("flexgrad.training.Trainer.run: this trainer has already run "
                               "(make a new Trainer, or load a snapshot into one)")
        os.makedirs(self.out, exist_ok=True)
        entries = sorted(self._extensions.values(), key=lambda e: e.priority, reverse=True)
        self._start_at = time.perf_counter()
        try:
            # an autoloading snapshot first, so the others start from the loaded state
            for entry in sorted(entries, key=lambda e: not getattr(e.extension, "autoload",
                                                                   False)):
                initializer = getattr(entry.extension, "initialize", None)
                if initializer and not getattr(entry.trigger, "finished", False):
                    initializer(self)
            self.observation = {}
            with self.reporter.scope(self.observation):
                for entry in entries:
                    if entry.call_before_training:
                        entry.extension(self)
            self._loop(entries)
        except Exception as exc:
            self._on_error(entries, exc, show_loop_exception_msg)
            raise
        finally:
            for entry in entries:
                finalize = getattr(entry.extension, "finalize", None)
                if finalize:
                    finalize()
            self.updater.finalize()
        self._final_elapsed_time = self.elapsed_time
        self._done = True

    def _loop(self, entries: list[_ExtensionEntry]) -> None:
        update, reporter, stop_trigger = self.updater.update, self.reporter, self.stop_trigger
        while not stop_trigger(self):
            self.observation = {}
            with reporter.scope(self.observation):
                update()
                for entry in entries:
                    if entry.trigger(self):
                        entry.extension(self)

    def _on_error(self, entries: list[_ExtensionEntry], exc: Exception, show: bool) -> None:
        tb = sys.exc_info()[2]
        if show:
            sys.stderr.write(f"Exception in main training loop: {exc}\n"
                             "Traceback (most recent call last):\n")
            traceback.print_tb(tb)
            sys.stderr.write("Will finalize trainer extensions and updater before "
                             "reraising the exception.\n")
        for entry in entries:
            handler = getattr(entry.extension, "on_error", None)
            if handler:
                try:
                    handler(self, exc, tb)
                except Exception as handler_exc:  # every handler runs; the loop's error wins
                    sys.stderr.write(f"Exception in error handler: {handler_exc}\n")

    def serialize(self, serializer: Any) -> None:
        """The updater, the stop trigger, every extension and its trigger, elapsed time,
        and the default generators that dropout and the other noise ops draw from."""
        self.updater.serialize(serializer["updater"])
        for backend in self._drawing_backends():
            backend.default_generator().serialize(serializer["random"][backend.name])
        if hasattr(self.stop_trigger, "serialize"):
            self.stop_trigger.serialize(serializer["stop_trigger"])
        extensions, triggers = serializer["extensions"], serializer["extension_triggers"]
        for name, entry in self._extensions.items():
            if hasattr(entry.extension, "serialize"):
                entry.extension.serialize(extensions[name])
            if hasattr(entry.trigger, "serialize"):
                entry.trigger.serialize(triggers[name])
        if isinstance(serializer, Serializer):
            serializer("_snapshot_elapsed_time", self.elapsed_time)
        else:
            self._snapshot_elapsed_time = float(
                serializer("_snapshot_elapsed_time", float(self._snapshot_elapsed_time)))

    def _drawing_backends(self) -> list[Any]:
        """NumPy (initializers draw there) and the backends of the optimized parameters."""
        found = {backends.NUMPY.name: backends.NUMPY}
        for optimizer in self.updater.get_all_optimizers().values():
            for param in optimizer.target.params():
                if param.array is not None:
                    backend = backends.backend_of(param.array)
                    found[backend.name] = backend
        return [found[name] for name in sorted(found)]
