"""Chainer's ``MultiprocessParallelUpdater``: data parallelism with one iterator per
device, here in one process."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ...dataset import concat_examples
from .._check import fail
from .parallel_updater import ParallelUpdater


class MultiprocessParallelUpdater(ParallelUpdater):
    """Each ``update()`` takes one batch from each device's iterator, runs it on that
    device's copy of the main model, adds the gradients into the main model, takes one
    step there and copies the parameters back (``ParallelUpdater``'s step, with a batch per
    device instead of one batch split).

    Chainer runs a process per GPU and adds the gradients with NCCL; flexgrad's devices
    (any backends, several may be the CPU) compute in turn in this process, so a script
    written for Chainer's updater runs unchanged and steps as Chainer's would.

    Args:
        iterators: one dataset iterator per device, the main device's first.
        optimizer: an optimizer set up on the main model.
        converter: ``converter(batch, device)`` makes arrays from one batch.
        devices: a sequence of devices (the first is the main one), or a dict of them
            with a ``'main'`` entry (its iterator is the first).
        auto_new_epoch: call the optimizer's ``new_epoch()`` when the main iterator
            starts one.
    """

    _where = "flexgrad.training.updaters.MultiprocessParallelUpdater"

    def __init__(self, iterators: Sequence[Any], optimizer: Any,
                 converter: Callable[..., Any] = concat_examples, devices: Any = None,
                 auto_new_epoch: bool = True) -> None:
        if isinstance(devices, dict):
            names = ["main", *(name for name in devices if name != "main")]
        elif isinstance(devices, (list, tuple)):
            names = ["main", *(f"worker{i}" for i in range(1, len(devices)))]
            devices = dict(zip(names, devices, strict=True))
        else:
            fail(self._where, "devices", "a list of devices or a dict with a 'main' entry",
                 devices, kind="type")
        if not isinstance(iterators, (list, tuple)):
            fail(self._where, "iterators", "a list of iterators, one per device", iterators,
                 kind="type")
        if len(iterators) != len(names):
            fail(self._where, "iterators", f"{len(names)} iterators, one per device",
                 f"{len(iterators)}")
        super().__init__(dict(zip(names, iterators, strict=True)), optimizer, converter=converter,
                         devices=devices, auto_new_epoch=auto_new_epoch)

    @staticmethod
    def available() -> bool:
        """Chainer's check for NCCL; flexgrad needs none."""
        return True

    def _parts(self) -> dict[str, list]:
        return {name: self._iterators[name].next() for name in self._models}
