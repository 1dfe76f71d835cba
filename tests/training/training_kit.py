"""Shared by the training tests: Chainer's mock-updater trainer and a small classifier."""

from __future__ import annotations

from typing import Any

import numpy as np

import flexgrad
import flexgrad.functions as F
import flexgrad.links as L
from flexgrad import datasets, iterators, training


class MockUpdater(training.Updater):
    """Counts iterations only, with ``iter_per_epoch`` (may be fractional) per epoch, as
    Chainer's ``get_trainer_with_mock_updater``."""

    def __init__(self, iter_per_epoch: float) -> None:
        self.iter_per_epoch = iter_per_epoch
        self.iteration = 0
        self.epoch = 0
        self.epoch_detail = 0.0
        self.previous_epoch_detail: float | None = None
        self.is_new_epoch = False

    def get_all_optimizers(self) -> dict[str, Any]:
        return {}

    def update(self) -> None:
        self.iteration += 1
        self.epoch = int(self.iteration // self.iter_per_epoch)
        self.previous_epoch_detail = self.epoch_detail
        self.epoch_detail = self.iteration / self.iter_per_epoch
        self.is_new_epoch = (self.iteration - 1) // self.iter_per_epoch != self.epoch

    def serialize(self, serializer: Any) -> None:
        self.iteration = int(serializer("iteration", self.iteration))


def mock_trainer(stop_trigger: Any = None, iter_per_epoch: float = 10,
                 out: str = "result") -> training.Trainer:
    return training.Trainer(MockUpdater(iter_per_epoch), stop_trigger, out=out)


class MLP(flexgrad.Chain):
    def __init__(self, n_units: int = 16, n_out: int = 2, n_in: int | None = None) -> None:
        super().__init__()
        with self.init_scope():
            self.l1 = L.Linear(n_in, n_units)
            self.l2 = L.Linear(None if n_in is None else n_units, n_out)

    def forward(self, x: Any) -> Any:
        return self.l2(F.relu(self.l1(x)))


def toy_data(n: int = 200, dim: int = 10, seed: int = 0) -> tuple[Any, Any]:
    """Two classes split by the sign of ``x0 + x1``: a small net learns it in a few epochs."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, dim)).astype(np.float32)
    t = (x[:, 0] + x[:, 1] > 0).astype(np.int32)
    return x, t


def classifier_trainer(out: str, stop: Any = (5, "epoch"), batch_size: int = 16,
                       shuffle: bool = True, device: Any = None, alpha: float = 0.01,
                       n: int = 160, seed: int = 0, lazy: bool = False) -> training.Trainer:
    """A Classifier(MLP) with Adam on ``toy_data``: the trainer, nothing extended.

    ``lazy`` makes the Linear layers take their input size from the first batch.
    """
    flexgrad.set_seed(seed)
    x, t = toy_data(n)
    model = L.Classifier(MLP(n_in=None if lazy else x.shape[1]))
    optimizer = flexgrad.optimizers.Adam(alpha).setup(model)
    it = iterators.SerialIterator(datasets.TupleDataset(x, t), batch_size, shuffle=shuffle)
    updater = training.updaters.StandardUpdater(it, optimizer, device=device)
    return training.Trainer(updater, stop, out=out)


def params_of(trainer: training.Trainer) -> dict[str, Any]:
    """The main model's parameters as NumPy arrays by path."""
    model = trainer.updater.get_optimizer("main").target
    return {path: flexgrad.backends.backend_of(p.array).to_numpy(p.array)
            for path, p in model.namedparams()}
