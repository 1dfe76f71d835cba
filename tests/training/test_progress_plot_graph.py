"""ProgressBar (tqdm), PlotReport (matplotlib, Agg) and dump_graph."""

from __future__ import annotations

import io
import os

import pytest
from training_kit import classifier_trainer, mock_trainer

import flexgrad
from flexgrad import training
from flexgrad.errors import InvalidTypeError, InvalidValueError
from flexgrad.training import extensions


def test_progress_bar_follows_the_stop_trigger_in_epochs(tmp_path):
    trainer = mock_trainer((2, "epoch"), iter_per_epoch=4, out=str(tmp_path))
    out = io.StringIO()
    bar = extensions.ProgressBar(update_interval=2, out=out)
    trainer.extend(bar)
    trainer.run()
    text = out.getvalue()
    assert "100%" in text and "2/2 epochs" in text
    assert "0.5/2 epochs" in text and "iter 2, epoch 0" in text
    assert "iter 8, epoch 2" in text
    assert bar._bar is None  # closed by finalize


def test_progress_bar_without_out_lets_tqdm_auto_choose(tmp_path, capsys):
    trainer = mock_trainer((4, "iteration"), out=str(tmp_path))
    trainer.extend(extensions.ProgressBar(update_interval=2))
    trainer.run()
    assert "4/4 iterations" in capsys.readouterr().err  # a terminal: tqdm's stderr


def test_progress_bar_with_an_iteration_length(tmp_path):
    trainer = mock_trainer(None, out=str(tmp_path))
    trainer.stop_trigger = training.triggers.IntervalTrigger(3, "iteration")
    out = io.StringIO()
    trainer.extend(extensions.ProgressBar(training_length=(3, "iteration"),
                                          update_interval=1, out=out))
    trainer.run()
    assert "3/3 iterations" in out.getvalue()
    trainer = mock_trainer(None, out=str(tmp_path))
    trainer.extend(extensions.ProgressBar(out=out))
    with pytest.raises(InvalidValueError, match="'training_length' expected"):
        trainer.run(show_loop_exception_msg=False)


def test_plot_report_draws_a_png(tmp_path):
    pytest.importorskip("matplotlib")
    assert extensions.PlotReport.available()
    trainer = classifier_trainer(str(tmp_path), (3, "epoch"))
    calls = []
    plot = extensions.PlotReport(["main/loss", "main/accuracy"], "epoch",
                                 postprocess=lambda f, a, s: calls.append(a.get_xlabel()),
                                 filename="loss.png")
    trainer.extend(plot)
    trainer.run()
    with open(tmp_path / "loss.png", "rb") as f:
        assert f.read(8) == b"\x89PNG\r\n\x1a\n"
    assert calls == ["epoch"] * 3
    assert [x for x, _ in plot._data["main/loss"]] == [1, 2, 3]
    assert sorted(name for name in os.listdir(tmp_path)) == ["loss.png"]
    with pytest.raises(InvalidValueError, match="'x_key' expected 'iteration' or 'epoch'"):
        extensions.PlotReport("main/loss", x_key="time")


def test_plot_report_serializes_its_points(tmp_path):
    pytest.importorskip("matplotlib")
    trainer = classifier_trainer(str(tmp_path), (2, "epoch"))
    plot = extensions.PlotReport("main/loss", "epoch", file_name="chainer_name.png")
    trainer.extend(plot)
    trainer.run()
    assert os.listdir(tmp_path) == ["chainer_name.png"]
    buffer = io.BytesIO()
    flexgrad.serializers.save_npz(buffer, plot)
    resumed = extensions.PlotReport("main/loss", "epoch", filename="chainer_name.png")
    flexgrad.serializers.load_npz(io.BytesIO(buffer.getvalue()), resumed)
    assert resumed._data == plot._data and len(plot._data["main/loss"]) == 2


def test_dump_graph_writes_the_loss_graph_once(tmp_path):
    trainer = classifier_trainer(str(tmp_path), (3, "iteration"))
    trainer.extend(extensions.dump_graph("main/loss"))
    trainer.run()
    with open(tmp_path / "cg.dot") as f:
        dot = f.read()
    assert dot.startswith("digraph")
    for op in ("LinearFunction", "ReLU", "SoftmaxCrossEntropy"):
        assert f'label="{op}"' in dot
    assert flexgrad.config.keep_graph_on_report is False
    assert trainer.get_extension("dump_graph")._flag_called


def test_dump_graph_restores_the_flag_and_names_a_bad_key(tmp_path):
    trainer = mock_trainer((2, "iteration"), out=str(tmp_path))
    trainer.extend(extensions.dump_graph("main/loss"))
    with pytest.raises(InvalidTypeError, match="'root_name' expected the key of a reported "
                                               "Variable, got 'main/loss' -> NoneType"):
        trainer.run(show_loop_exception_msg=False)
    assert flexgrad.config.keep_graph_on_report is False


def test_progress_bar_stops_at_its_total_when_the_last_epoch_overshoots(tmp_path):
    trainer = mock_trainer((2, "epoch"), iter_per_epoch=3.3, out=str(tmp_path))
    out = io.StringIO()
    trainer.extend(extensions.ProgressBar(update_interval=1, out=out))
    trainer.run()  # 7 iterations: epoch_detail 2.12 (tqdm warned past its total)
    assert "2/2 epochs" in out.getvalue() and "iter 7, epoch 2" in out.getvalue()
