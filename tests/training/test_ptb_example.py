"""examples/ptb/train_ptb.py runs on a synthetic corpus and its perplexities fall."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "examples" / "ptb" / "train_ptb.py"


def test_train_ptb_runs_on_synthetic_words_and_learns(tmp_path):
    out = tmp_path / "result"
    run = subprocess.run(
        [sys.executable, str(SCRIPT), "--test", "--synthetic", "1000", "--epoch", "16",
         "--batchsize", "4", "--bproplen", "10", "--unit", "30", "--out", str(out),
         "--model", str(tmp_path / "model.npz"), "--device", "@numpy"],
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
        env={**os.environ, "PYTHONWARNINGS": "error"})
    assert run.returncode == 0, run.stderr[-3000:]
    assert "epoch       iteration   perplexity  val_perplexity" in run.stdout
    assert "test perplexity: " in run.stdout
    with open(out / "log") as f:
        log = json.load(f)
    # --test logs every 10 iterations; 100 words in batches of 4 x 10 words
    assert [(e["epoch"], e["iteration"]) for e in log] == [(4, 10), (8, 20), (12, 30),
                                                            (16, 40)]
    for entry in log:
        assert {"main/loss", "validation/main/loss", "perplexity", "val_perplexity"} <= set(
            entry)
        assert "main/accuracy" not in entry  # compute_accuracy = False
    first, last = log[0], log[-1]
    assert last["perplexity"] < 0.85 * first["perplexity"]
    # the evaluator's copy of the model follows the training (val falls too)
    assert last["val_perplexity"] < first["val_perplexity"]
    assert {"snapshot_iter_40", "model_iter_40"} <= set(os.listdir(out))
    assert (tmp_path / "model.npz").exists()
