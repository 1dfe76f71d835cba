"""Chainer's ``StandardUpdater``: one batch, one optimizer step, per iteration."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from typing import Any

from ... import backends
from ...configuration import using_config
from ...dataset import concat_examples
from ...serializers._checks import in_range
from .._check import fail
from ..updater import Updater


def call_with_batch(func: Callable[..., Any], in_arrays: Any) -> Any:
    """Chainer's rule: a tuple batch goes as ``*args``, a dict as ``**kwargs``, else one arg."""
    if isinstance(in_arrays, tuple):
        return func(*in_arrays)
    if isinstance(in_arrays, dict):
        return func(**in_arrays)
    return func(in_arrays)


def as_named(value: Any, name: str, where: str, kind: str,
             require_main: bool = True) -> dict[str, Any]:
    """``{'main': value}``, or ``value`` itself when it is already a dict of them (with a
    ``'main'`` entry, if ``require_main``)."""
    named = dict(value) if isinstance(value, dict) else {"main": value}
    if require_main and "main" not in named:
        fail(where, name, f"{kind} or a dict of them with a 'main' entry",
             f"a dict with keys {sorted(named)}")
    return named


class StandardUpdater(Updater):
    """Each ``update()`` reads a batch from the ``'main'`` iterator, converts it, and calls
    ``optimizer.update(loss_func, *batch)``.

    Args:
        iterator: a dataset iterator, or a dict of them with a ``'main'`` entry.
        optimizer: an optimizer set up on the model, or a dict of them by name (the
            default ``update_core`` uses ``'main'``).
        converter: ``converter(batch, device)`` makes arrays from the examples.
        device: where the model and the batches go (``'@dask'``, ``'@cupy:0'``, ...); the
            model is moved there now, as in Chainer.
        loss_func: the loss to minimize; the main optimizer's target when None.
        input_device: where batches go, when it differs from ``device``.

    Epochs are the main iterator's; the optimizer's ``new_epoch()`` is called whenever the
    iterator starts a new one.
    """

    _where = "flexgrad.training.updaters.StandardUpdater"

    def __init__(self, iterator: Any, optimizer: Any,
                 converter: Callable[..., Any] = concat_examples, device: Any = None,
                 loss_func: Callable[..., Any] | None = None,
                 input_device: Any = None) -> None:
        self._iterators = as_named(iterator, "iterator", self._where, "a dataset iterator")
        # any names: a GAN's update_core reads get_optimizer('gen') and ('dis')
        self._optimizers = as_named(optimizer, "optimizer", self._where, "an optimizer",
                                    require_main=False)
        for name, opt in self._optimizers.items():
            if getattr(opt, "target", None) is None:
                fail(self._where, "optimizer", "optimizers set up on a link (call "
                     "optimizer.setup(model) first)", f"{name!r}: {type(opt).__name__}",
                     kind="type")
        if not callable(converter):
            fail(self._where, "converter", "a callable converter(batch, device)",
                 converter, kind="type")
        if device is not None:
            device = backends.get_device(device)
            for opt in self._optimizers.values():
                opt.target.to_device(device)
        self.converter = converter
        self.device = device
        self.input_device = device if input_device is None else input_device
        self.loss_func = loss_func
        self.iteration = 0

    @property
    def epoch(self) -> int:
        return self._iterators["main"].epoch

    @property
    def epoch_detail(self) -> float:
        return self._iterators["main"].epoch_detail

    @property
    def previous_epoch_detail(self) -> float | None:
        return self._iterators["main"].previous_epoch_detail

    @property
    def is_new_epoch(self) -> bool:
        return self._iterators["main"].is_new_epoch

    def get_optimizer(self, name: str) -> Any:
        return self._optimizers[name]

    def get_all_optimizers(self) -> dict[str, Any]:
        return dict(self._optimizers)

    def get_iterator(self, name: str) -> Any:
        return self._iterators[name]

    def finalize(self) -> None:
        for iterator in self._iterators.values():
            iterator.finalize()

    def update(self) -> None:
        """One step, then count it. With several optimizers (a GAN's, pix2pix's), the
        step keeps graphs through backward as Chainer did: such an update_core walks one
        forward pass with an ``optimizer.update`` per player."""
        shared = len(self._optimizers) > 1
        with using_config("retain_graph", True) if shared else nullcontext():
            self.update_core()
        self.iteration += 1

    def update_core(self) -> None:
        """Read, convert and learn from one batch; start the optimizer's new epoch."""
        iterator = self._iterators["main"]
        batch = iterator.next()
        in_arrays = self.converter(batch, self.input_device)
        optimizer = self._optimizers.get("main")
        if optimizer is None:
            fail(self._where, "optimizer", "a 'main' optimizer for the default update_core "
                 "(override update_core to use others by name)", sorted(self._optimizers))
        loss_func = self.loss_func or optimizer.target
        call_with_batch(lambda *a, **k: optimizer.update(loss_func, *a, **k), in_arrays)
        if iterator.is_new_epoch:
            optimizer.new_epoch()

    def serialize(self, serializer: Any) -> None:
        """Iterators, optimizers, models and the iteration count, under Chainer's keys."""
        for name, iterator in self._iterators.items():
            iterator.serialize(serializer["iterator:" + name])
        for name, optimizer in self._optimizers.items():
            optimizer.serialize(serializer["optimizer:" + name])
            optimizer.target.serialize(serializer["model:" + name])
        serializer.declare_check("iteration", in_range(0, None, "an iteration count"))
        self.iteration = int(serializer("iteration", self.iteration))
