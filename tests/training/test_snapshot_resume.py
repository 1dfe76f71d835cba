"""snapshot / snapshot_object, and resuming: the same parameters, log and iterator order
as a run that was never interrupted."""

from __future__ import annotations

import os

import numpy as np
import pytest
from training_kit import classifier_trainer, mock_trainer, params_of

import flexgrad
from flexgrad import serializers
from flexgrad.errors import InvalidValueError
from flexgrad.training import extensions


def _extended(trainer):
    trainer.extend(extensions.LogReport(trigger=(5, "iteration")))
    trainer.extend(extensions.ExponentialShift("alpha", 0.9), trigger=(4, "iteration"))
    trainer.extend(extensions.snapshot(), trigger=(12, "iteration"))
    return trainer


def _without_time(log):
    return [{k: v for k, v in entry.items() if k != "elapsed_time"} for entry in log]


@pytest.mark.parametrize(("shuffle", "stop"), [(False, 30), (True, 20)])
def test_resume_continues_like_an_uninterrupted_run(tmp_path, shuffle, stop):
    whole = _extended(classifier_trainer(str(tmp_path / "whole"), (stop, "iteration"),
                                         shuffle=shuffle))
    whole.run()
    first = _extended(classifier_trainer(str(tmp_path / "part"), (12, "iteration"),
                                         shuffle=shuffle))
    first.run()
    # a fresh process: another seed (another initial model and order), then the snapshot
    resumed = _extended(classifier_trainer(str(tmp_path / "part"), (stop, "iteration"),
                                           shuffle=shuffle, seed=7))
    serializers.load_npz(str(tmp_path / "part" / "snapshot_iter_12"), resumed)
    updater = resumed.updater
    assert (updater.iteration, updater.epoch) == (12, 1)
    assert updater.get_optimizer("main").t == 12
    assert resumed._snapshot_elapsed_time > 0
    resumed.run()
    for path, value in params_of(whole).items():
        np.testing.assert_array_equal(params_of(resumed)[path], value, err_msg=path)
    assert _without_time(resumed.get_extension("LogReport").log) == _without_time(
        whole.get_extension("LogReport").log)
    assert resumed.updater.get_optimizer("main").alpha == whole.updater.get_optimizer(
        "main").alpha == pytest.approx(0.01 * 0.9 ** (stop // 4))


def test_resume_with_lazily_initialized_links(tmp_path):
    whole = classifier_trainer(str(tmp_path / "whole"), (6, "iteration"), lazy=True)
    whole.run()
    first = classifier_trainer(str(tmp_path / "part"), (3, "iteration"), lazy=True)
    first.extend(extensions.snapshot(), trigger=(3, "iteration"))
    first.run()
    # the optimizer's state is loaded before the lazy Linear knows its input size
    resumed = classifier_trainer(str(tmp_path / "part"), (6, "iteration"), lazy=True, seed=7)
    resumed.extend(extensions.snapshot(), trigger=(3, "iteration"))
    serializers.load_npz(str(tmp_path / "part" / "snapshot_iter_3"), resumed)
    resumed.run()
    for path, value in params_of(whole).items():
        np.testing.assert_array_equal(params_of(resumed)[path], value, err_msg=path)


def test_snapshot_file_names_retention_and_autoload(tmp_path):
    out, alphas = str(tmp_path), []

    def trainer_until(stop, seed):
        trainer = classifier_trainer(out, (stop, "iteration"), seed=seed)
        trainer.extend(extensions.snapshot(n_retains=2, autoload=True),
                       trigger=(1, "iteration"))
        trainer.extend(extensions.ExponentialShift("alpha", 0.5), trigger=(1, "iteration"))
        trainer.extend(lambda tr: alphas.append(tr.updater.get_optimizer("main").alpha),
                       name="watch", call_before_training=True, priority=-200)
        return trainer

    trainer_until(4, seed=0).run()  # nothing to load yet
    assert sorted(os.listdir(out)) == ["snapshot_iter_3", "snapshot_iter_4"]
    assert alphas == [0.01 * 0.5 ** k for k in range(5)]
    alphas.clear()
    again = trainer_until(6, seed=5)
    again.run()  # loads snapshot_iter_4 before the shift starts, then trains 2 more
    assert again.updater.iteration == 6
    assert sorted(os.listdir(out)) == ["snapshot_iter_5", "snapshot_iter_6"]
    assert alphas == [0.01 * 0.5 ** k for k in (4, 5, 6)]


def test_snapshot_object_saves_the_model_alone(tmp_path):
    trainer = classifier_trainer(str(tmp_path), (2, "epoch"))
    model = trainer.updater.get_optimizer("main").target
    trainer.extend(extensions.snapshot_object(model, "model_epoch_{.updater.epoch}"))
    trainer.run()
    assert sorted(os.listdir(tmp_path)) == ["model_epoch_1", "model_epoch_2"]
    loaded = classifier_trainer(str(tmp_path), seed=3).updater.get_optimizer("main").target
    serializers.load_npz(str(tmp_path / "model_epoch_2"), loaded)
    for (path, a), (_, b) in zip(model.namedparams(), loaded.namedparams(), strict=True):
        np.testing.assert_array_equal(a.array, b.array, err_msg=path)


def test_snapshot_on_error_condition_and_callable_filename(tmp_path):
    trainer = mock_trainer((5, "iteration"), out=str(tmp_path))
    trainer.extend(extensions.snapshot(filename=lambda tr: f"at_{tr.updater.iteration}",
                                       condition=lambda: False, snapshot_on_error=True),
                   trigger=(1, "iteration"))

    def explode(tr):
        if tr.updater.iteration == 2:
            raise ValueError("stop here")

    trainer.extend(explode)
    with pytest.raises(ValueError, match="stop here"):
        trainer.run(show_loop_exception_msg=False)
    assert os.listdir(tmp_path) == ["at_2"]
    with pytest.raises(InvalidValueError, match="'n_retains' expected None or an int >= 1"):
        extensions.snapshot(n_retains=0)


def test_snapshot_write_is_atomic(tmp_path, monkeypatch):
    trainer = mock_trainer((1, "iteration"), out=str(tmp_path))
    trainer.extend(extensions.snapshot(), trigger=(1, "iteration"))
    trainer.run()
    good = (tmp_path / "snapshot_iter_1").read_bytes()

    def broken(handle, arrays, compression):
        handle.write(b"half a file")
        raise OSError("disk full")

    monkeypatch.setattr(flexgrad.serializers._npz, "write", broken)
    with pytest.raises(OSError, match="disk full"):
        serializers.save_npz(str(tmp_path / "snapshot_iter_1"), trainer)
    assert (tmp_path / "snapshot_iter_1").read_bytes() == good
    assert os.listdir(tmp_path) == ["snapshot_iter_1"]
