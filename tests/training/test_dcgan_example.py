"""examples/dcgan/train_dcgan.py trains both networks on synthetic images, logs both
losses and writes Chainer's preview grid."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import matplotlib.image
import numpy as np
import pytest

import flexgrad

pytestmark = pytest.mark.slow  # end to end: `python3 dev.py test --fast` skips it

SCRIPT = Path(__file__).resolve().parents[2] / "examples" / "dcgan" / "train_dcgan.py"


def test_train_dcgan_runs_on_synthetic_images_and_writes_a_preview(tmp_path):
    out = tmp_path / "result"
    run = subprocess.run(
        [sys.executable, str(SCRIPT), "--synthetic", "48", "--batchsize", "16", "--epoch",
         "2", "--ch", "32", "--n_hidden", "16", "--display_interval", "3",
         "--snapshot_interval", "6", "--out", str(out), "--device", "@numpy", "--seed", "0"],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONWARNINGS": "error"})
    assert run.returncode == 0, run.stderr[-3000:]
    assert "epoch       iteration   gen/loss    dis/loss" in run.stdout
    with open(out / "log") as f:
        log = json.load(f)
    assert [(e["epoch"], e["iteration"]) for e in log] == [(1, 3), (2, 6)]
    for entry in log:
        assert {"gen/loss", "dis/loss", "elapsed_time"} <= set(entry)
        assert 0 < entry["gen/loss"] < 3 and 0 < entry["dis/loss"] < 3
    assert abs(log[0]["dis/loss"] - 2 * math.log(2)) < 0.5, "about 2 log 2 at the start"
    assert sorted(os.listdir(out)) == [
        "dis_iter_6.npz", "gen_iter_6.npz", "log", "preview", "snapshot_iter_6.npz"]
    image = matplotlib.image.imread(out / "preview" / "image00000006.png")
    assert image.shape[:2] == (320, 320), "10 x 10 generated 32 x 32 images"


def test_chainers_add_noise_line_adds_a_float64_array_to_a_float32_variable():
    h = flexgrad.Variable(np.zeros((2, 3), np.float32))
    assert (h + 0.2 * np.random.default_rng(0).standard_normal(h.shape)).dtype == np.float32
