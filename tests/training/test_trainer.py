"""Trainer: the loop, extension order and lifecycle, errors, and a real training run."""

from __future__ import annotations

import numpy as np
import pytest
from training_kit import MLP, classifier_trainer, mock_trainer, toy_data

import flexgrad
import flexgrad.links as L
from flexgrad import datasets, iterators, training
from flexgrad.errors import InvalidTypeError, InvalidValueError
from flexgrad.training import extensions


def test_classifier_trains_to_good_accuracy(tmp_path):
    trainer = classifier_trainer(str(tmp_path), stop=(8, "epoch"))
    model = trainer.updater.get_optimizer("main").target
    x, t = toy_data(400, seed=1)
    test_it = iterators.SerialIterator(datasets.TupleDataset(x, t), 100, repeat=False,
                                       shuffle=False)
    trainer.extend(extensions.Evaluator(test_it, model))
    trainer.extend(extensions.LogReport())
    trainer.run()
    last = trainer.get_extension("LogReport").log[-1]
    assert last["epoch"] == 8 and last["iteration"] == 80
    assert last["main/accuracy"] > 0.9
    assert last["validation/main/accuracy"] > 0.9
    assert last["main/loss"] < trainer.get_extension("LogReport").log[0]["main/loss"]


def test_reporter_observes_the_main_target_and_its_links(tmp_path):
    trainer = classifier_trainer(str(tmp_path), stop=(1, "iteration"))
    seen = {}
    trainer.extend(lambda tr: seen.update(tr.observation), name="grab")
    model = trainer.updater.get_optimizer("main").target
    trainer.run()
    assert {"main/loss", "main/accuracy"} <= set(seen)
    names = trainer.reporter._observer_names
    assert names[id(model)] == "main"
    assert names[id(model.predictor.l1)] == "main/predictor/l1"


class Recorder(training.Extension):
    """Writes what happens to it into a shared list."""

    def __init__(self, tag, events, priority=training.PRIORITY_READER, fail_at=None):
        self.tag, self.events, self.priority, self.fail_at = tag, events, priority, fail_at

    def initialize(self, trainer):
        self.events.append((self.tag, "initialize"))

    def __call__(self, trainer):
        self.events.append((self.tag, trainer.updater.iteration))
        if trainer.updater.iteration == self.fail_at:
            raise RuntimeError("boom")

    def on_error(self, trainer, exc, tb):
        self.events.append((self.tag, "on_error", str(exc)))

    def finalize(self):
        self.events.append((self.tag, "finalize"))


def test_extensions_run_by_priority_with_their_lifecycle():
    events = []
    trainer = mock_trainer((2, "iteration"))
    trainer.extend(Recorder("reader", events))
    trainer.extend(Recorder("writer", events, training.PRIORITY_WRITER))
    trainer.extend(Recorder("editor", events), priority=training.PRIORITY_EDITOR)
    trainer.run()
    assert events == [
        ("writer", "initialize"), ("editor", "initialize"), ("reader", "initialize"),
        ("writer", 1), ("editor", 1), ("reader", 1),
        ("writer", 2), ("editor", 2), ("reader", 2),
        ("writer", "finalize"), ("editor", "finalize"), ("reader", "finalize"),
    ]
    assert trainer.elapsed_time >= 0
    with pytest.raises(RuntimeError, match="already run"):
        trainer.run()


def test_an_exception_finalizes_then_propagates(capsys):
    events = []
    trainer = mock_trainer((5, "iteration"))
    trainer.extend(Recorder("a", events, fail_at=2))
    trainer.extend(Recorder("b", events), priority=training.PRIORITY_READER - 1)
    with pytest.raises(RuntimeError, match="boom"):
        trainer.run()
    assert events[-4:] == [("a", "on_error", "boom"), ("b", "on_error", "boom"),
                           ("a", "finalize"), ("b", "finalize")]
    assert "Exception in main training loop: boom" in capsys.readouterr().err
    trainer = mock_trainer((5, "iteration"))
    trainer.extend(Recorder("a", [], fail_at=1))
    with pytest.raises(RuntimeError):
        trainer.run(show_loop_exception_msg=False)
    assert capsys.readouterr().err == ""


def test_extension_triggers_and_call_before_training():
    calls = []
    trainer = mock_trainer((6, "iteration"), iter_per_epoch=3)

    @training.make_extension(trigger=(1, "epoch"), priority=training.PRIORITY_WRITER)
    def per_epoch(tr):
        calls.append(("epoch", tr.updater.iteration))

    trainer.extend(per_epoch)
    trainer.extend(lambda tr: calls.append(("every2", tr.updater.iteration)),
                   name="every2", trigger=(2, "iteration"), call_before_training=True)
    trainer.run()
    assert calls == [("every2", 0), ("every2", 2), ("epoch", 3), ("every2", 4),
                     ("epoch", 6), ("every2", 6)]


def test_extend_names_and_lookup():
    trainer = mock_trainer()

    @training.make_extension()
    def hello(tr):
        pass

    trainer.extend(hello)
    trainer.extend(extensions.LogReport())
    trainer.extend(extensions.LogReport())
    assert trainer.get_extension("hello") is hello
    assert trainer.get_extension("LogReport_1").name == "LogReport_1"
    with pytest.raises(InvalidValueError, match=r"get_extension: argument 'name' expected "
                                                r"one of .*got 'nope'"):
        trainer.get_extension("nope")
    with pytest.raises(InvalidValueError, match="reserved"):
        trainer.extend(hello, name="training")
    with pytest.raises(InvalidTypeError, match="argument 'extension' expected"):
        trainer.extend(42)
    with pytest.raises(RuntimeError, match="has not started"):
        _ = trainer.elapsed_time


def test_make_extension_defaults():
    def f(trainer):
        pass

    ext = training.make_extension()(f)
    assert (ext.trigger, ext.default_name, ext.priority) == ((1, "iteration"), "f", 100)
    assert ext.finalize is None and ext.initialize is None


def _updater(dataset, loss_func, batch_size=2):
    flexgrad.set_seed(0)
    model = L.Classifier(MLP())
    optimizer = flexgrad.optimizers.SGD(0.1).setup(model)
    it = iterators.SerialIterator(dataset, batch_size, shuffle=False)
    return training.updaters.StandardUpdater(it, optimizer, loss_func=loss_func)


@pytest.mark.parametrize("kind", ["tuple", "dict", "array"])
def test_standard_updater_passes_batches_as_chainer(kind):
    x, t = toy_data(6)
    received = []

    def loss_func(*args, **kwargs):
        received.append((len(args), sorted(kwargs)))
        model = updater.get_optimizer("main").target
        return model(x[:2], t[:2])

    dataset = {"tuple": datasets.TupleDataset(x, t),
               "dict": datasets.DictDataset(x=x, t=t), "array": x}[kind]
    updater = _updater(dataset, loss_func)
    updater.update()
    assert received == {"tuple": [(2, [])], "dict": [(0, ["t", "x"])],
                        "array": [(1, [])]}[kind]
    assert updater.iteration == 1


def test_standard_updater_counts_epochs_for_the_optimizer():
    x, t = toy_data(6)
    updater = _updater(datasets.TupleDataset(x, t), None, batch_size=4)
    optimizer = updater.get_optimizer("main")
    details = []
    for _ in range(3):
        updater.update()
        details.append((updater.epoch, updater.epoch_detail, updater.is_new_epoch))
    assert details == [(0, 4 / 6, False), (1, 8 / 6, True), (2, 2.0, True)]
    assert updater.previous_epoch_detail == 8 / 6
    assert optimizer.epoch == 2 and optimizer.t == 3
    assert updater.get_iterator("main").epoch == 2
    assert set(updater.get_all_optimizers()) == {"main"}


def test_standard_updater_errors():
    x, t = toy_data(6)
    it = iterators.SerialIterator(datasets.TupleDataset(x, t), 2)
    with pytest.raises(InvalidTypeError, match="call optimizer.setup"):
        training.updaters.StandardUpdater(it, flexgrad.optimizers.SGD())
    optimizer = flexgrad.optimizers.SGD().setup(L.Classifier(MLP()))
    with pytest.raises(InvalidValueError, match="with a 'main' entry, got a dict"):
        training.updaters.StandardUpdater({"train": it}, optimizer)
    with pytest.raises(InvalidTypeError, match="'converter' expected a callable"):
        training.updaters.StandardUpdater(it, optimizer, converter="concat")


def test_standard_updater_moves_the_model_to_its_device():
    x, t = toy_data(6)
    model = L.Classifier(MLP())
    model(x[:1], t[:1])  # initialize the lazy Linear
    optimizer = flexgrad.optimizers.SGD().setup(model)
    it = iterators.SerialIterator(datasets.TupleDataset(x, t), 2)
    training.updaters.StandardUpdater(it, optimizer, device="@array_api_strict")
    assert model.predictor.l1.W.array.__class__.__module__.startswith("array_api_strict")
    assert not isinstance(model.predictor.l1.W.array, np.ndarray)
