"""examples/word2vec/train_word2vec.py runs on a synthetic corpus, learns and resumes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # end to end: `python3 dev.py test --fast` skips it

SCRIPT = Path(__file__).resolve().parents[2] / "examples" / "word2vec" / "train_word2vec.py"


def train_word2vec(tmp_path, *args):
    """Run the example briefly on NumPy; ``--window 2`` keeps one context word each side
    (Chainer draws 1 to window - 1), so every batch's summed loss has as many terms."""
    run = subprocess.run(
        [sys.executable, str(SCRIPT), "--synthetic", "3000", "--batchsize", "100", "--unit",
         "20", "--window", "2", "--out", str(tmp_path / "result"), "--device", "@numpy",
         "--seed", "0", *args],
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
        env={**os.environ, "PYTHONWARNINGS": "error"})
    return run


def read_log(tmp_path):
    with open(tmp_path / "result" / "log") as f:
        return json.load(f)


def test_skipgram_with_negative_sampling_learns_saves_vectors_and_resumes(tmp_path):
    run = train_word2vec(tmp_path, "--epoch", "4", "--snapshot-interval", "2", "-o", "ns")
    assert run.returncode == 0, run.stderr[-3000:]
    assert "Output type: ns" in run.stdout
    assert "epoch       main/loss   validation/main/loss" in run.stdout
    log = read_log(tmp_path)
    assert [(e["epoch"], e["iteration"]) for e in log] == [(1, 30), (2, 60), (3, 90), (4, 120)]
    losses = [e["validation/main/loss"] for e in log]
    assert losses == sorted(losses, reverse=True) and losses[-1] < 0.9 * losses[0]
    # 100 centres x 2 contexts x (1 + 5 samples) x log 2 with W = 0 at the start
    assert abs(log[0]["main/loss"] - 200 * 6 * 0.6931) < 0.05 * 832
    out = tmp_path / "result"
    with open(out / "word2vec.model") as f:
        lines = f.read().splitlines()
    assert lines[0] == "96 20" and len(lines) == 97
    assert lines[1].split()[0] == "topic0_word0" and len(lines[1].split()) == 21
    assert {"snapshot_epoch_2", "snapshot_epoch_4"} <= set(os.listdir(out))

    # the same seed gives the same run; resuming restores the trainer, the log and the
    # WindowIterator's shuffled order (loaded in place, as Chainer's deserializers do)
    again = tmp_path / "again"
    again.mkdir()
    assert train_word2vec(again, "--epoch", "4", "-o", "ns").returncode == 0
    assert read_log(again) == [{**e, "elapsed_time": a["elapsed_time"]}
                               for e, a in zip(log, read_log(again), strict=True)]
    resumed = train_word2vec(tmp_path, "--epoch", "6", "-o", "ns", "--resume",
                             str(out / "snapshot_epoch_4"))
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    assert [(e["epoch"], e["iteration"]) for e in read_log(tmp_path)[4:]] == [(5, 150),
                                                                             (6, 180)]


def test_cbow_with_softmax_learns(tmp_path):
    run = train_word2vec(tmp_path, "--epoch", "4", "--model", "cbow", "--out-type",
                         "original")
    assert run.returncode == 0, run.stderr[-3000:]
    log = read_log(tmp_path)
    assert abs(log[0]["main/loss"] - 4.564) < 0.05  # log(96): the output layer starts at 0
    assert log[-1]["validation/main/loss"] < log[0]["validation/main/loss"] - 0.1


def test_hierarchical_softmax_chainers_default_learns(tmp_path):
    run = train_word2vec(tmp_path, "--epoch", "4")
    assert run.returncode == 0, run.stderr[-3000:]
    assert "Output type: hsm" in run.stdout
    log = read_log(tmp_path)
    # W = 0 (the script zeroes it): every step of a path is log 2 at the start
    assert log[0]["main/loss"] > 200 * 0.6931 * 4  # 200 pairs, Huffman paths of 4 or more
    losses = [e["validation/main/loss"] for e in log]
    assert losses == sorted(losses, reverse=True) and losses[-1] < 0.97 * losses[0]
