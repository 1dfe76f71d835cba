"""examples/mnist/train_mnist.py runs on synthetic digits and writes Chainer's log."""

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


def test_train_mnist_runs_on_synthetic_data(tmp_path):
    out = tmp_path / "result"
    run = subprocess.run(
        [sys.executable, str(SCRIPT), "--synthetic", "240", "--epoch", "2", "--batchsize",
         "60", "--unit", "20", "--noplot", "--out", str(out), "--device", "@numpy", "--seed", "1"],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONWARNINGS": "error"})
    assert run.returncode == 0, run.stderr[-3000:]
    assert "epoch       main/loss   validation/main/loss" in run.stdout
    with open(out / "log") as f:
        log = json.load(f)
    assert [(e["epoch"], e["iteration"]) for e in log] == [(1, 4), (2, 8)]
    for entry in log:
        assert {"main/loss", "main/accuracy", "validation/main/loss",
                "validation/main/accuracy", "elapsed_time"} <= set(entry)
    assert log[0]["main/loss"] < 3.5  # about log(10) at the start
    assert log[-1]["validation/main/accuracy"] > 0.2, "above chance (0.1) in 8 steps"
    assert sorted(os.listdir(out)) == ["cg.dot", "log", "snapshot_iter_8"]


def _run_logged(tmp_path, device):
    out = tmp_path / device.strip("@")
    run = subprocess.run(
        [sys.executable, str(SCRIPT), "--synthetic", "120", "--epoch", "2", "--batchsize",
         "60", "--unit", "20", "--noplot", "--out", str(out), "--device", device, "--seed",
         "0"], capture_output=True, text=True, timeout=180,
        env={**os.environ, "PYTHONWARNINGS": "error"})
    assert run.returncode == 0, run.stderr[-3000:]
    with open(out / "log") as f:
        return json.load(f)


@pytest.mark.parametrize("device", ["@torch", "@jax"])
def test_train_mnist_on_torch_and_jax_follows_numpy(tmp_path, device):
    pytest.importorskip(device.strip("@"))
    reference, log = _run_logged(tmp_path, "@numpy"), _run_logged(tmp_path, device)
    for key in ("main/loss", "validation/main/loss", "main/accuracy"):
        np.testing.assert_allclose([e[key] for e in log], [e[key] for e in reference],
                                   rtol=1e-4, err_msg=key)
