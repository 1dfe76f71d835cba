"""examples/sentiment/train_sentiment.py: Chainer's recursive net, a different graph per
tree, learns the labels of synthetic trees."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # end to end: `python3 dev.py test --fast` skips it

SCRIPT = Path(__file__).resolve().parents[2] / "examples" / "sentiment" / "train_sentiment.py"


def test_train_sentiment_learns_synthetic_trees(tmp_path):
    out = tmp_path / "result"
    run = subprocess.run(
        [sys.executable, str(SCRIPT), "--synthetic", "150", "--epoch", "3", "--epocheval",
         "1", "--out", str(out), "--device", "@numpy", "--seed", "0"],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONWARNINGS": "error"})
    assert run.returncode == 0, run.stderr[-3000:]
    assert "main/accuracy  validation/main/accuracy" in run.stdout
    with open(out / "log") as f:
        log = json.load(f)
    assert [(e["epoch"], e["iteration"]) for e in log] == [(1, 6), (2, 12), (3, 18)]
    for entry in log:
        assert {"main/loss", "validation/main/loss", "main/accuracy",
                "validation/main/accuracy", "main/total", "main/correct"} <= set(entry)
    loss = [e["validation/main/loss"] for e in log]
    accuracy = [e["validation/main/accuracy"] for e in log]
    assert loss[2] < loss[1] < loss[0]
    assert accuracy[2] > accuracy[0] and accuracy[2] > 0.9, "chance is about 0.2"
    node, root = (float(re.search(rf"{kind} accuracy: ([\d.]+) %", run.stdout).group(1))
                  for kind in ("Node", "Root"))
    assert node > 90 and root > 60, run.stdout[-300:]
    assert sorted(os.listdir(out)) == ["log"] + [f"snapshot_epoch_{i}" for i in (1, 2, 3)]
