"""examples/cifar/train_cifar.py trains a narrow VGG on synthetic images: it learns, halves
the learning rate at epoch 25, resumes, and stops early on CIFAR-100's 100 classes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

pytestmark = pytest.mark.slow  # end to end: `python3 dev.py test --fast` skips it

SCRIPT = Path(__file__).resolve().parents[2] / "examples" / "cifar" / "train_cifar.py"


def train_cifar(tmp_path, *args):
    """Run the example on NumPy: 32 images in one batch (an iteration an epoch, so that
    epoch 25's learning rate shift comes soon), the VGG with 4 to 32 channels, not 64 to
    512."""
    run = subprocess.run(
        [sys.executable, str(SCRIPT), "--synthetic", "32", "--base", "4", "--batchsize", "32",
         "--learnrate", "0.01", "--out", str(tmp_path / "result"), "--device", "@numpy",
         "--seed", "0", *args],
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
        env={**os.environ, "PYTHONWARNINGS": "error"})
    assert run.returncode == 0, run.stderr[-3000:]
    return run


def read_log(tmp_path):
    with open(tmp_path / "result" / "log") as f:
        return json.load(f)


def shift(snapshot):
    with np.load(snapshot) as f:
        return int(f["extensions/ExponentialShift/_t"]), f.get(
            "extensions/ExponentialShift/_last_value")


def test_train_cifar_learns_halves_the_learning_rate_and_resumes(tmp_path):
    run = train_cifar(tmp_path, "--epoch", "26")
    assert "Using CIFAR10 dataset." in run.stdout
    assert "epoch       main/loss   validation/main/loss  main/accuracy" in run.stdout
    log = read_log(tmp_path)
    assert [(e["epoch"], e["iteration"]) for e in log] == [(i, i) for i in range(1, 27)]
    for entry in log:
        assert {"main/loss", "main/accuracy", "validation/main/loss",
                "validation/main/accuracy", "elapsed_time"} <= set(entry)
    # training loss and accuracy, averaged over 5 epochs, move away from chance (dropout
    # keeps them noisy; in so short a run BatchNormalization's running statistics lag the
    # weights, so the validation numbers are not a measure of learning yet)
    loss = [e["main/loss"] for e in log]
    accuracy = [e["main/accuracy"] for e in log]
    assert np.mean(loss[-5:]) < np.mean(loss[:5]) - 0.15
    assert np.mean(accuracy[-5:]) > np.mean(accuracy[:5]) + 0.05

    out = tmp_path / "result"
    # a snapshot every epoch, under Chainer's file name (its typo kept)
    assert {f"snaphot_epoch_{i}" for i in range(1, 27)} | {"cg.dot", "log"} == set(
        os.listdir(out))
    assert shift(out / "snaphot_epoch_24")[0] == 0
    t, lr = shift(out / "snaphot_epoch_25")
    assert t == 1 and float(lr) == 0.005  # ExponentialShift('lr', 0.5) at epoch 25

    train_cifar(tmp_path, "--epoch", "27", "--resume", str(out / "snaphot_epoch_26"))
    resumed = read_log(tmp_path)
    assert resumed[:26] == log and [(e["epoch"], e["iteration"]) for e in resumed[26:]] == [
        (27, 27)]
    t, lr = shift(out / "snaphot_epoch_27")
    assert t == 1 and float(lr) == 0.005


def test_train_cifar100_stops_early(tmp_path):
    run = train_cifar(tmp_path, "--dataset", "cifar100", "--epoch", "30", "--early-stopping",
                      "validation/main/loss")
    assert "Using CIFAR100 dataset." in run.stdout
    log = read_log(tmp_path)
    assert 4 <= len(log) < 30  # patience 3: stops once validation loss has not improved
    assert log[0]["main/loss"] > 4.0  # about log(100) at the start
