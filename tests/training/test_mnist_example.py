"""examples/mnist/train_mnist.py learns the embedded digits on NumPy and on Dask alike, and
leaves its log, plots, graph and a snapshot that resumes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

pytestmark = pytest.mark.slow  # end to end: `python3 dev.py test --fast` skips it

SCRIPT = Path(__file__).resolve().parents[2] / "examples" / "mnist" / "train_mnist.py"
# one BLAS thread: the matrices are small and the suite runs a process per core
ENV = {**os.environ, "PYTHONWARNINGS": "error", "OMP_NUM_THREADS": "1"}
QUICK = ["--subset", "400", "--batchsize", "50", "--unit", "50"]


def train_mnist(out, *args):
    run = subprocess.run([sys.executable, str(SCRIPT), "--out", str(out), *QUICK, *args],
                         capture_output=True, text=True, timeout=240, env=ENV)
    assert run.returncode == 0, run.stderr[-3000:]
    return run


def read_log(out):
    with open(out / "log") as f:
        return json.load(f)


def test_train_mnist_learns_the_digits_and_resumes(tmp_path):
    pytest.importorskip("matplotlib")
    out = tmp_path / "result"
    run = train_mnist(out, "--epoch", "3")
    assert run.stdout.startswith("digits on @numpy")
    assert "epoch       main/loss   validation/main/loss" in run.stdout
    assert "24/24 iterations" in run.stderr  # the progress bar: 3 epochs of 8 batches
    log = read_log(out)
    assert [(e["epoch"], e["iteration"]) for e in log] == [(1, 8), (2, 16), (3, 24)]
    assert log[0]["main/loss"] < 2.5  # about log(10) at the start
    losses = [e["validation/main/loss"] for e in log]
    assert losses == sorted(losses, reverse=True), "it learns at every epoch"
    assert log[-1]["validation/main/accuracy"] > 0.3, "above chance (0.1) in 24 steps"
    assert sorted(os.listdir(out)) == ["accuracy.png", "cg.dot", "log", "loss.png",
                                       "snapshot_iter_24"]
    graph = (out / "cg.dot").read_text()
    assert graph.startswith("digraph") and graph.count("LinearFunction") == 3

    train_mnist(out, "--epoch", "4", "--resume", str(out / "snapshot_iter_24"))
    resumed = read_log(out)
    assert resumed[:3] == log and [(e["epoch"], e["iteration"]) for e in resumed[3:]] == [
        (4, 32)]


def test_train_mnist_on_dask_follows_numpy(tmp_path):
    pytest.importorskip("dask")
    logs = {}
    for device in ("@numpy", "@dask"):
        out = tmp_path / device.strip("@")
        run = train_mnist(out, "--epoch", "1", "--noplot", "--device", device)
        assert run.stdout.startswith(f"digits on {device}")
        logs[device] = read_log(out)
    for key in ("main/loss", "main/accuracy", "validation/main/loss"):
        np.testing.assert_allclose([e[key] for e in logs["@dask"]],
                                   [e[key] for e in logs["@numpy"]], rtol=1e-4, err_msg=key)
