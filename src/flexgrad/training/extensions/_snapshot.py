"""Chainer's ``snapshot`` and ``snapshot_object``: save the trainer (or one object) to a
file, and find the latest one to resume from."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from ... import serializers
from .._check import fail
from ..extension import Extension


class _Snapshot(Extension):
    """Saves ``target`` (the trainer when None) into ``trainer.out`` on each trigger.

    Its priority, -100 as in Chainer, is below every built-in extension's, so a snapshot
    holds the iteration's state after all of them ran (a shift, a log entry), and a resumed
    run repeats none of them.
    """

    trigger = (1, "epoch")
    priority = -100

    def __init__(self, target: Any, filename: str | Callable[[Any], str],
                 savefun: Callable[[str, Any], None], condition: Callable[[], bool] | None,
                 snapshot_on_error: bool, n_retains: int | None, autoload: bool) -> None:
        self._target = target
        self.filename = filename
        self.savefun = savefun
        self.condition = condition
        self._snapshot_on_error = snapshot_on_error
        self.n_retains = n_retains
        self.autoload = autoload

    @property
    def default_name(self) -> str:
        return "snapshot" if self._target is None else "snapshot_object"

    def initialize(self, trainer: Any) -> None:
        """With ``autoload``, load the newest matching snapshot in ``trainer.out``."""
        if self.autoload and isinstance(self.filename, str):
            found = _snapshot_files(self.filename, trainer.out)
            if found:
                target = trainer if self._target is None else self._target
                serializers.load_npz(os.path.join(trainer.out, found[-1]), target)

    def __call__(self, trainer: Any) -> None:
        if self.condition is None or self.condition():
            self._make_snapshot(trainer)

    def on_error(self, trainer: Any, exc: BaseException, tb: Any) -> None:
        if self._snapshot_on_error:
            self._make_snapshot(trainer)

    def _make_snapshot(self, trainer: Any) -> None:
        target = trainer if self._target is None else self._target
        name = (self.filename(trainer) if callable(self.filename)
                else self.filename.format(trainer))
        self.savefun(os.path.join(trainer.out, name), target)
        if self.n_retains is not None and isinstance(self.filename, str):
            for stale in _snapshot_files(self.filename, trainer.out)[:-self.n_retains]:
                os.remove(os.path.join(trainer.out, stale))


def _snapshot_files(fmt: str, folder: str) -> list[str]:
    """Files in ``folder`` whose names fit ``fmt``'s fixed prefix and suffix, oldest first."""
    prefix, suffix = fmt.split("{")[0], fmt.split("}")[-1]
    names = [name for name in os.listdir(folder) if name.startswith(prefix)
             and name.endswith(suffix) and not name.startswith(".")]
    return sorted(names, key=lambda n: (os.stat(os.path.join(folder, n)).st_mtime_ns, n))


def snapshot(savefun: Callable[[str, Any], None] | None = None,
             filename: str | Callable[[Any], str] = "snapshot_iter_{.updater.iteration}",
             *, target: Any = None, condition: Callable[[], bool] | None = None,
             snapshot_on_error: bool = False, n_retains: int | None = None,
             autoload: bool = False) -> Extension:
    """An extension saving the whole trainer (updater, optimizers, models, iterators,
    extensions) so ``serializers.load_npz(path, trainer)`` resumes where it was.

    Args:
        savefun: ``savefun(path, obj)``; ``serializers.save_npz`` (atomic) by default.
        filename: formatted with the trainer (``'{.updater.iteration}'``), or a callable
            ``filename(trainer)``.
        target: what to save instead of the trainer (see :func:`snapshot_object`).
        condition: saves only when ``condition()`` is True.
        snapshot_on_error: also save when the training loop raises.
        n_retains: keep only this many newest snapshots; all of them when None.
        autoload: when the trainer starts, load the newest snapshot found in its ``out``.
    """
    where = "flexgrad.training.extensions.snapshot"
    if n_retains is not None and (not isinstance(n_retains, int) or n_retains < 1):
        fail(where, "n_retains", "None or an int >= 1", repr(n_retains))
    if not (isinstance(filename, str) or callable(filename)):
        fail(where, "filename", "a format string or a callable", filename, kind="type")
    return _Snapshot(target, filename, savefun or serializers.save_npz, condition,
                     snapshot_on_error, n_retains, autoload)


def snapshot_object(target: Any, filename: str | Callable[[Any], str],
                    savefun: Callable[[str, Any], None] | None = None,
                    **kwargs: Any) -> Extension:
    """An extension saving ``target`` (a model, an optimizer) alone, e.g. with
    ``filename='model_epoch_{.updater.epoch}'``; options as :func:`snapshot`."""
    return snapshot(savefun, filename, target=target, **kwargs)
