"""Issue 15: a run stopped at epoch 5 and resumed by a fresh trainer (new model, new
iterators, other draws meanwhile) ends bit for bit where the unstopped run ends."""

from __future__ import annotations

import numpy as np
import pytest
from training_kit import params_of, toy_data

import flexgrad
import flexgrad.functions as F
import flexgrad.links as L
from flexgrad import datasets, iterators, serializers, training
from flexgrad.training import extensions


class DropoutMLP(flexgrad.Chain):
    """Draws during training: dropout masks from the backend's default generator."""

    def __init__(self) -> None:
        super().__init__()
        with self.init_scope():
            self.l1 = L.Linear(10, 16)
            self.l2 = L.Linear(16, 2)

    def forward(self, x):
        return self.l2(F.dropout(F.relu(self.l1(x)), 0.3))


def _trainer(out, epochs, device=None):
    """Chainer's script: model, optimizer, a shuffling iterator, updater, trainer (fewer
    examples on Dask, whose steps are slow)."""
    x, t = toy_data(64 if device is None else 24)
    model = L.Classifier(DropoutMLP())
    optimizer = flexgrad.optimizers.Adam(0.01).setup(model)
    it = iterators.SerialIterator(datasets.TupleDataset(x, t), 16, shuffle=True)
    updater = training.updaters.StandardUpdater(it, optimizer, device=device)
    trainer = training.Trainer(updater, (epochs, "epoch"), out=str(out))
    trainer.extend(extensions.LogReport())
    trainer.extend(extensions.snapshot(filename="snapshot_epoch_{.updater.epoch}"),
                   trigger=(5, "epoch"))
    return trainer


def _log(trainer):
    return [{k: v for k, v in e.items() if k != "elapsed_time"}
            for e in trainer.get_extension("LogReport").log]


@pytest.mark.parametrize("device", [None, pytest.param("@dask", marks=pytest.mark.slow)])
def test_resumed_run_equals_the_unstopped_one(tmp_path, device):
    if device:
        pytest.importorskip("dask")
    flexgrad.set_seed(0)
    whole = _trainer(tmp_path / "whole", 10, device)
    whole.run()
    flexgrad.set_seed(0)
    first = _trainer(tmp_path / "part", 5, device)
    first.run()
    # a fresh start: other draws from every generator, then a new model and iterator
    flexgrad.set_seed(123)
    np.random.seed(5)
    F.dropout(np.ones((7, 3), np.float32))
    resumed = _trainer(tmp_path / "part", 10, device)
    serializers.load_npz(str(tmp_path / "part" / "snapshot_epoch_5"), resumed)
    resumed.run()
    for path, value in params_of(whole).items():
        np.testing.assert_array_equal(params_of(resumed)[path], value, err_msg=path)
    assert _log(resumed) == _log(whole)
    order = whole.updater.get_iterator("main")._state.order
    np.testing.assert_array_equal(resumed.updater.get_iterator("main")._state.order, order)


def test_an_iterator_alone_resumes_its_shuffles(tmp_path):
    flexgrad.set_seed(0)
    whole = iterators.SerialIterator(list(range(10)), 4)
    batches = [whole.next() for _ in range(12)]
    flexgrad.set_seed(0)
    part = iterators.SerialIterator(list(range(10)), 4)
    head = [part.next() for _ in range(5)]
    serializers.save_npz(str(tmp_path / "it.npz"), part)
    flexgrad.set_seed(9)
    fresh = iterators.SerialIterator(list(range(10)), 4)
    serializers.load_npz(str(tmp_path / "it.npz"), fresh)
    assert head + [fresh.next() for _ in range(7)] == batches


def test_set_seed_still_fixes_the_shuffles():
    orders = []
    for _ in range(2):
        flexgrad.set_seed(4)
        it = iterators.SerialIterator(list(range(20)), 20)
        orders.append([it.next() for _ in range(3)])
    assert orders[0] == orders[1]
    assert orders[0][0] != orders[0][1]
