"""examples/vae/train_vae.py trains on synthetic binary images and its loss falls."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # end to end: `python3 dev.py test --fast` skips it

SCRIPT = Path(__file__).resolve().parents[2] / "examples" / "vae" / "train_vae.py"
KEYS = ("loss", "reconstr", "kl_penalty")


def test_train_vae_runs_on_synthetic_data_and_its_loss_falls(tmp_path):
    out = tmp_path / "result"
    run = subprocess.run(
        [sys.executable, str(SCRIPT), "--synthetic", "600", "--epoch", "3", "--batch-size",
         "50", "--dim-h", "50", "--dim-z", "8", "--noplot", "--out", str(out),
         "--device", "@numpy", "--seed", "0"],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONWARNINGS": "error"})
    assert run.returncode == 0, run.stderr[-3000:]
    assert "main/reconstr  main/kl_penalty" in run.stdout
    with open(out / "log") as f:
        log = json.load(f)
    assert [(e["epoch"], e["iteration"]) for e in log] == [(1, 12), (2, 24), (3, 36)]
    for entry in log:
        assert {f"{p}/{k}" for p in ("main", "validation/main") for k in KEYS} <= set(entry)
        elbo = entry["main/reconstr"] - entry["main/kl_penalty"]
        assert abs(entry["main/loss"] + elbo) < 1e-4 * entry["main/loss"], "loss = -ELBO"
        assert entry["main/kl_penalty"] > 0
    losses = [e["validation/main/loss"] for e in log]
    assert losses[0] < 784 * 0.75, "about 784 log 2 = 543 at the start"
    assert losses[2] < losses[1] < losses[0] and losses[2] < 0.85 * losses[0]
    assert sorted(os.listdir(out)) == ["cg.dot", "log", "snapshot_iter_36"]
