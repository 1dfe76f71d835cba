"""Issue 15: a resume from a snapshot holding an impossible state is refused, naming the
file and the key, and leaves the trainer exactly as it was."""

from __future__ import annotations

import json

import numpy as np
import pytest
from training_kit import classifier_trainer, params_of

from flexgrad import serializers
from flexgrad.errors import SerializationError
from flexgrad.training import extensions


def _text(value):
    return np.frombuffer(value.encode(), np.uint8)


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory):
    """The entries of a snapshot taken after 5 iterations (a log of two entries)."""
    folder = tmp_path_factory.mktemp("snap")
    trainer = _trainer(str(folder), 5)
    trainer.run()
    serializers.save_npz(str(folder / "snapshot.npz"), trainer)
    with np.load(str(folder / "snapshot.npz")) as npz:
        return {key: npz[key] for key in npz.files}


def _trainer(out, stop):
    trainer = classifier_trainer(out, (stop, "iteration"))
    trainer.extend(extensions.LogReport(trigger=(2, "iteration")))
    return trainer


def _state(trainer):
    """What a failed load must leave alone."""
    updater = trainer.updater
    it = updater.get_iterator("main")
    report = trainer.get_extension("LogReport")
    rule = updater.get_optimizer("main").target.predictor.l1.W.update_rule
    return (updater.iteration, it.current_position, it.epoch, list(it._state.order),
            updater.get_optimizer("main").t, rule.t, json.dumps(report.log),
            sorted(report._means.summary._summaries), params_of(trainer))


HOSTILE = [
    ("updater/iterator:main/current_position", np.array(10**9), "position"),
    ("updater/iterator:main/current_position", np.array(-1), "position"),
    ("updater/iterator:main/epoch", np.array(-3), "epoch count"),
    ("updater/iterator:main/order", np.arange(160)[::-1] + 5, "dataset indices"),
    ("updater/iterator:main/order", np.full(160, -1), "dataset indices"),
    ("updater/iterator:main/previous_epoch_detail", np.array(np.nan), "epoch detail"),
    ("updater/iterator:main/order_sampler/state", np.zeros(6, np.uint64), "PCG64"),
    ("updater/iteration", np.array(-1), "iteration count"),
    ("updater/optimizer:main/t", np.array(-2), "update count"),
    ("updater/optimizer:main/epoch", np.array(-1), "epoch count"),
    ("updater/optimizer:main/predictor/l1/W/t", np.array(-5), "update count"),
    ("random/numpy/state", np.zeros(3, np.uint64), "PCG64"),
    ("extensions/LogReport/_log", _text('{"a": 1}'), "list of dicts"),
    ("extensions/LogReport/_log", _text("[1, 2]"), "list of dicts"),
    ("extensions/LogReport/_log", _text("[{"), "does not parse"),
    ("extensions/LogReport/_log", _text("[" * 100000), "does not parse"),
    ("extensions/LogReport/_log", np.array([0xff, 0xfe], np.uint8), "does not parse"),
    ("extensions/LogReport/_summary/_names", _text('["x", 3]'), "list of str"),
]


@pytest.mark.parametrize(("key", "value", "expected"), HOSTILE)
def test_an_impossible_state_is_refused_and_changes_nothing(tmp_path, snapshot, key, value,
                                                             expected):
    path = str(tmp_path / "hostile.npz")
    np.savez(path, **{**snapshot, key: value})
    trainer = _trainer(str(tmp_path / "run"), 3)
    trainer.run()
    before = _state(trainer)
    with pytest.raises(SerializationError, match=expected) as info:
        serializers.load_npz(path, trainer)
    assert "hostile.npz" in str(info.value) and f"'{key}'" in str(info.value)
    after = _state(trainer)
    assert after[:-1] == before[:-1]
    for name, array in before[-1].items():
        np.testing.assert_array_equal(after[-1][name], array)


def test_the_untouched_snapshot_loads(tmp_path, snapshot):
    path = str(tmp_path / "fine.npz")
    np.savez(path, **snapshot)
    trainer = _trainer(str(tmp_path / "run"), 3)
    serializers.load_npz(path, trainer)
    assert trainer.updater.iteration == 5
    assert len(trainer.get_extension("LogReport").log) == 2


def test_a_chainer_snapshot_without_generator_states_still_loads(tmp_path, snapshot):
    path = str(tmp_path / "chainer.npz")
    np.savez(path, **{k: v for k, v in snapshot.items()
                      if not k.startswith("random/") and not k.endswith("order_sampler/state")})
    trainer = _trainer(str(tmp_path / "run"), 3)
    serializers.load_npz(path, trainer)
    assert trainer.updater.get_iterator("main").current_position == 5 * 16 % 160
