"""Evaluator: the numbers (checked by hand), its modes, its iterator handling."""

from __future__ import annotations

import numpy as np
import pytest

import flexgrad
import flexgrad.links as L
from flexgrad import datasets, initializers, iterators, training
from flexgrad.errors import InvalidTypeError
from flexgrad.training import extensions

W = np.array([[1.0, -1.0], [0.5, 2.0]], dtype=np.float32)


def _data():
    rng = np.random.default_rng(3)
    x = rng.normal(size=(10, 2)).astype(np.float32)
    t = rng.integers(0, 2, size=10).astype(np.int32)
    return x, t


def _hand_means(x, t, batch_size):
    """Softmax cross entropy and accuracy of ``x @ W.T`` per batch, then averaged over
    batches (each batch weighs the same, as in Chainer)."""
    losses, accs = [], []
    for start in range(0, len(x), batch_size):
        xb, tb = x[start:start + batch_size].astype(np.float64), t[start:start + batch_size]
        y = xb @ W.T.astype(np.float64)
        logp = y - np.log(np.exp(y).sum(axis=1, keepdims=True))
        losses.append(-logp[np.arange(len(tb)), tb].mean())
        accs.append((y.argmax(axis=1) == tb).mean())
    return np.mean(losses), np.mean(accs)


def _evaluator(batch_size=4, **kwargs):
    x, t = _data()
    # Constant(W): Linear(2, 2, initialW=W) with a bare array gives NaN weights (reported)
    model = L.Classifier(L.Linear(2, 2, initialW=initializers.Constant(W), nobias=True))
    it = iterators.SerialIterator(datasets.TupleDataset(x, t), batch_size, repeat=False,
                                  shuffle=False)
    return extensions.Evaluator(it, model, **kwargs), model


def test_evaluator_matches_a_hand_computation():
    evaluator, _ = _evaluator()
    result = evaluator()
    loss, acc = _hand_means(*_data(), 4)
    assert set(result) == {"main/loss", "main/accuracy"}
    np.testing.assert_allclose(float(result["main/loss"]), loss, rtol=1e-5)
    np.testing.assert_allclose(float(result["main/accuracy"]), acc, rtol=1e-6)
    again = evaluator()  # the iterator is reset: same numbers
    assert float(again["main/loss"]) == float(result["main/loss"])


def test_evaluator_in_a_trainer_reports_validation_keys(tmp_path):
    from training_kit import mock_trainer

    evaluator, _ = _evaluator()
    trainer = mock_trainer((2, "iteration"), iter_per_epoch=1, out=str(tmp_path))
    trainer.extend(evaluator)
    trainer.extend(extensions.LogReport())
    trainer.run()
    assert evaluator.name == "validation"
    entry = trainer.get_extension("LogReport").log[-1]
    loss, acc = _hand_means(*_data(), 4)
    np.testing.assert_allclose(entry["validation/main/loss"], loss, rtol=1e-5)
    np.testing.assert_allclose(entry["validation/main/accuracy"], acc, rtol=1e-6)


class _Probe(flexgrad.Link):
    """Reports the config it runs under."""

    def forward(self, x, t):
        flexgrad.report({"train": float(flexgrad.config.train),
                         "backprop": float(flexgrad.config.enable_backprop),
                         "n": float(len(x))}, self)


def test_evaluator_runs_in_test_mode_without_backprop():
    x, t = _data()
    it = iterators.SerialIterator(datasets.TupleDataset(x, t), 5, repeat=False)
    result = extensions.Evaluator(it, _Probe())()
    assert result == {"main/train": 0.0, "main/backprop": 0.0, "main/n": 5.0}
    assert flexgrad.config.train and flexgrad.config.enable_backprop


def test_evaluator_eval_func_dict_batches_and_device():
    x, t = _data()
    seen = []

    def eval_func(**batch):
        seen.append((sorted(batch), type(batch["x"]).__module__.split(".")[0]))

    it = iterators.SerialIterator(datasets.DictDataset(x=x, t=t), 5, repeat=False)
    model = L.Classifier(L.Linear(2, 2))
    extensions.Evaluator(it, model, eval_func=eval_func, device="@array_api_strict")()
    assert seen == [(["t", "x"], "array_api_strict")] * 2


def test_evaluator_eval_hook_and_iterator_without_reset():
    hooked = []
    evaluator, _ = _evaluator(eval_hook=hooked.append)
    x, t = _data()

    class Batches:
        """An iterator without reset: the evaluator walks a copy."""

        def __init__(self):
            self.batches = [list(zip(x[:5], t[:5], strict=True))]

        def __iter__(self):
            return iter(self.batches)

        def finalize(self):
            pass

    evaluator._iterators["main"] = Batches()
    evaluator()
    evaluator()
    assert hooked == [evaluator, evaluator]
    loss, _ = _hand_means(x[:5], t[:5], 5)
    np.testing.assert_allclose(float(evaluator()["main/loss"]), loss, rtol=1e-5)


def test_evaluator_warns_on_a_repeating_iterator_and_checks_its_target():
    x, t = _data()
    it = iterators.SerialIterator(datasets.TupleDataset(x, t), 5)
    with pytest.warns(UserWarning, match="repeat=True"):
        extensions.Evaluator(it, L.Linear(2, 2))
    it = iterators.SerialIterator(datasets.TupleDataset(x, t), 5, repeat=False)
    with pytest.raises(InvalidTypeError, match="'target' expected a Link"):
        extensions.Evaluator(it, lambda x, t: None)
    assert training.extensions.Evaluator.default_name == "validation"
