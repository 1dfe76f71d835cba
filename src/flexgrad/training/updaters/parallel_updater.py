"""Chainer's ``ParallelUpdater``: data parallelism, one model copy per device."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ... import backends
from ...configuration import force_backprop_mode
from ...dataset import concat_examples
from .._check import fail
from .standard_updater import StandardUpdater, call_with_batch


class ParallelUpdater(StandardUpdater):
    """Each ``update()`` splits the batch across the devices (example ``i`` to model
    ``i % n``), runs each part on its own copy of the model, adds every copy's gradients
    into the main model, takes one optimizer step there, and copies the parameters back.

    The devices may be of different backends (``'@numpy'`` and ``'@dask'``), and several
    may be the CPU. Gradients are added, as in Chainer: with a loss averaged over its
    batch, a step is as large as ``n`` steps on the whole batch would be; a summed loss
    gives exactly the whole batch's step.

    Args:
        iterator: a dataset iterator, or a dict of them with a ``'main'`` entry.
        optimizer: an optimizer set up on the main model (or a dict with ``'main'``).
        converter: ``converter(batch, device)`` makes arrays from one part of the batch.
        models: ``{'main': optimizer.target, name: model, ...}``, each already where it
            computes; or None, and ``devices`` says where copies of the main model go.
        devices: ``{'main': device, name: device, ...}`` (specs like ``'@dask'``, Devices,
            or Chainer's ints); with ``models``, where each part of the batch is sent
            (by default each model's own device).
        loss_func: the loss to minimize; each model itself when None.
        loss_scale: scales each loss's gradient (Chainer's mixed-precision knob).
        auto_new_epoch: call the optimizer's ``new_epoch()`` when the iterator starts one.
    """

    _where = "flexgrad.training.updaters.ParallelUpdater"

    def __init__(self, iterator: Any, optimizer: Any,
                 converter: Callable[..., Any] = concat_examples, models: Any = None,
                 devices: Any = None, loss_func: Callable[..., Any] | None = None,
                 loss_scale: float | None = None, auto_new_epoch: bool = True) -> None:
        super().__init__(iterator, optimizer, converter=converter, loss_func=loss_func)
        main = self._optimizers.get("main")
        if main is None:
            fail(self._where, "optimizer", "an optimizer, or a dict with a 'main' one",
                 f"a dict with keys {sorted(self._optimizers)}")
        if devices is not None:
            if not isinstance(devices, dict) or "main" not in devices:
                fail(self._where, "devices", "a dict of devices with a 'main' entry",
                     f"{devices!r}", kind="value" if isinstance(devices, dict) else "type")
            devices = {name: backends.get_device(dev) for name, dev in devices.items()}
        self._models = self._models_of(main.target, models, devices)
        self._devices = devices or {name: m.device for name, m in self._models.items()}
        self.loss_scale = loss_scale
        self.auto_new_epoch = auto_new_epoch

    def _models_of(self, target: Any, models: Any, devices: dict | None) -> dict[str, Any]:
        """The models by name: those given (checked), or ``target`` and copies of it, each
        moved to its device."""
        if models is None:
            if devices is None:
                fail(self._where, "devices", "a dict of devices when models is None", "None")
            models = {"main": target}
            models.update((name, target.copy("copy")) for name in devices if name != "main")
            for name, model in models.items():
                model.to_device(devices[name])
            return models
        if not isinstance(models, dict) or models.get("main") is not target:
            fail(self._where, "models", "a dict whose 'main' entry is the optimizer's "
                 "target", f"{type(models).__name__}", kind="type")
        if devices is not None and set(devices) != set(models):
            fail(self._where, "devices", f"the names of models {sorted(models)}",
                 f"{sorted(devices)}")
        return {"main": target, **models}  # the main model first: it computes first

    def connect_trainer(self, trainer: Any) -> None:
        """Let each copy report under its own name (``'second/loss'``), as in Chainer."""
        main = self._models["main"]
        for name, model in self._models.items():
            if model is not main:
                trainer.reporter.add_observer(name, model)

    def serialize(self, serializer: Any) -> None:
        """Saved as Chainer saves it (the main model only); after a load, every copy
        takes the main model's values, so a resumed run steps as an unbroken one."""
        super().serialize(serializer)
        main = self._models["main"]
        for model in self._models.values():
            if model is not main:
                model.copyparams(main)

    def update_core(self) -> None:
        """Split, compute every part's loss on its model, add the gradients, step, copy."""
        optimizer = self._optimizers["main"]
        main = optimizer.target
        iterator = self._iterators["main"]
        parts = self._parts()
        losses = []
        for name, model in self._models.items():
            if model is not main and _has_uninitialized(model):
                model.copyparams(main)  # a lazy layer: start from the main model's draw
            model.cleargrads()
            in_arrays = self.converter(parts[name], self._devices[name])
            with force_backprop_mode():
                losses.append(call_with_batch(self.loss_func or model, in_arrays))
        for loss in losses:
            loss.backward(loss_scale=self.loss_scale)
        del losses
        others = [model for model in self._models.values() if model is not main]
        for model in others:
            main.addgrads(model)
        optimizer.update()
        for model in others:
            model.copyparams(main)
        if iterator.is_new_epoch and self.auto_new_epoch:
            optimizer.new_epoch()

    def _parts(self) -> dict[str, list]:
        """Each model's examples this step: the main iterator's batch, split."""
        batch, n = self._iterators["main"].next(), len(self._models)
        return {name: batch[i::n] for i, name in enumerate(self._models)}


def _has_uninitialized(model: Any) -> bool:
    return any(param.array is None for param in model.params())
