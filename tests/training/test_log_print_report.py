"""LogReport (the log and its JSON file) and PrintReport (Chainer's table)."""

from __future__ import annotations

import io
import json
import os

import numpy as np
from training_kit import mock_trainer

import flexgrad
from flexgrad import serializers, training
from flexgrad.training import extensions


def _reporting(trainer, values):
    """Put ``values[iteration - 1]`` into each iteration's observation, as a model would."""

    @training.make_extension(priority=training.PRIORITY_WRITER)
    def report(tr):
        loss, acc = values[tr.updater.iteration - 1]
        tr.observation["main/loss"] = flexgrad.Variable(np.float32(loss))
        tr.observation["main/accuracy"] = np.asarray(acc, dtype=np.float32)
        tr.observation["note"] = "text is not averaged"

    trainer.extend(report)


def test_log_report_means_per_interval_and_file(tmp_path):
    trainer = mock_trainer((6, "iteration"), iter_per_epoch=3, out=str(tmp_path))
    _reporting(trainer, [(1, 0), (2, 1), (6, 1), (1, 1), (1, 0), (1, 0)])
    trainer.extend(extensions.LogReport())
    trainer.run()
    log = trainer.get_extension("LogReport").log
    assert [(e["epoch"], e["iteration"]) for e in log] == [(1, 3), (2, 6)]
    assert log[0]["main/loss"] == 3.0 and log[1]["main/loss"] == 1.0
    assert np.allclose([log[0]["main/accuracy"], log[1]["main/accuracy"]], [2 / 3, 1 / 3])
    assert set(log[0]) == {"main/loss", "main/accuracy", "epoch", "iteration", "elapsed_time"}
    assert all(isinstance(v, (int, float)) for e in log for v in e.values())
    assert 0 <= log[0]["elapsed_time"] <= log[1]["elapsed_time"]
    with open(tmp_path / "log") as f:
        assert json.load(f) == log
    assert sorted(os.listdir(tmp_path)) == ["log"]  # no temporary file left behind


def test_log_report_keys_trigger_postprocess_and_filename(tmp_path):
    trainer = mock_trainer((4, "iteration"), out=str(tmp_path))
    _reporting(trainer, [(1, 0), (3, 1), (5, 1), (7, 1)])

    def postprocess(entry):
        entry["double"] = 2 * entry["main/loss"]

    trainer.extend(extensions.LogReport(keys=["main/loss"], trigger=(2, "iteration"),
                                        postprocess=postprocess,
                                        filename="log_{iteration}.json"))
    trainer.extend(extensions.LogReport(trigger=(1, "iteration"), log_name=None),
                   name="quiet")  # no file
    trainer.run()
    log = trainer.get_extension("LogReport").log
    assert [(e["main/loss"], e["double"]) for e in log] == [(2.0, 4.0), (6.0, 12.0)]
    assert "main/accuracy" not in log[0]
    assert sorted(os.listdir(tmp_path)) == ["log_2.json", "log_4.json"]
    assert len(trainer.get_extension("quiet").log) == 4


def test_log_report_serializes_log_and_partial_summary(tmp_path):
    trainer = mock_trainer((3, "iteration"), out=str(tmp_path))
    _reporting(trainer, [(1, 0), (2, 1), (6, 1)])
    report = extensions.LogReport(trigger=(2, "iteration"))
    trainer.extend(report)
    trainer.run()  # one entry (iterations 1-2), iteration 3 waits in the summary
    buffer = io.BytesIO()
    serializers.save_npz(buffer, report)
    resumed = extensions.LogReport(trigger=(2, "iteration"))
    serializers.load_npz(io.BytesIO(buffer.getvalue()), resumed)
    assert resumed.log == report.log
    trainer = mock_trainer((4, "iteration"), out=str(tmp_path))
    trainer.updater.iteration = 3
    _reporting(trainer, [(0, 0)] * 3 + [(8, 0)])
    trainer.extend(resumed)
    trainer.run()
    assert [e["main/loss"] for e in resumed.log] == [1.5, 7.0]  # (6 + 8) / 2


def test_print_report_prints_chainers_table(tmp_path):
    trainer = mock_trainer((4, "iteration"), iter_per_epoch=2, out=str(tmp_path))
    _reporting(trainer, [(1, 0), (2, 1), (0.25, 1), (0.5, 1)])
    trainer.extend(extensions.LogReport())
    out = io.StringIO()
    trainer.extend(extensions.PrintReport(
        ["epoch", "iteration", "main/loss", "validation/main/accuracy"], out=out))
    trainer.run()
    blank = " " * 26  # a missing entry: its width (24) and the separator
    assert out.getvalue() == (
        "epoch       iteration   main/loss   validation/main/accuracy\n"
        "1           2           1.5         " + blank + "\n"
        "2           4           0.375       " + blank + "\n"
    )


def test_print_report_with_its_own_log_report(tmp_path):
    trainer = mock_trainer((2, "iteration"), out=str(tmp_path))
    _reporting(trainer, [(1, 0), (3, 1)])
    out = io.StringIO()
    log_report = extensions.LogReport(trigger=(1, "iteration"), log_name=None)
    trainer.extend(extensions.PrintReport(["iteration", "main/loss"], log_report, out))
    trainer.run()
    assert out.getvalue().splitlines()[1:] == ["1           1           ",
                                               "2           3           "]


def test_print_report_lifts_a_progress_bar_off_its_rows(tmp_path):
    trainer = mock_trainer((4, "iteration"), iter_per_epoch=2, out=str(tmp_path))
    _reporting(trainer, [(1, 0), (2, 1), (0.25, 1), (0.5, 1)])
    trainer.extend(extensions.LogReport())
    out = io.StringIO()
    trainer.extend(extensions.PrintReport(["epoch", "main/loss"], out=out))
    trainer.extend(extensions.ProgressBar(update_interval=1, out=out))
    trainer.run()
    # what stays visible on each line of a terminal: the text after its last carriage return
    visible = [line.rsplit("\r", 1)[-1] for line in out.getvalue().split("\n")]
    assert visible[:3] == ["epoch       main/loss ", "1           1.5         ",
                           "2           0.375       "]
    assert "4/4 iterations" in visible[3]


def test_micro_average_reports_a_ratio_of_sums(tmp_path):
    trainer = mock_trainer((4, "iteration"), iter_per_epoch=2, out=str(tmp_path))

    @training.make_extension(priority=training.PRIORITY_WRITER)
    def counts(tr):
        correct, total = [(1, 2), (3, 3), (0, 1), (5, 9)][tr.updater.iteration - 1]
        tr.observation.update(correct=np.int32(correct), total=total)

    trainer.extend(counts)
    trainer.extend(extensions.MicroAverage("correct", "total", "accuracy"))
    trainer.extend(extensions.LogReport(keys=["accuracy"]))
    trainer.run()
    assert [e["accuracy"] for e in trainer.get_extension("LogReport").log] == [0.8, 0.5]
    assert training.StandardUpdater is training.updaters.StandardUpdater  # Chainer's alias
