"""examples/ptb: both language models learn briefly on the embedded corpus, on Dask as on
NumPy, and gentxt.py writes the same text for the same seed from a model or a snapshot."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import flexgrad
import flexgrad.links as L
from flexgrad.datasets import get_pydoc_words

pytestmark = pytest.mark.slow  # end to end: `python3 dev.py test --fast` skips it

FOLDER = Path(__file__).resolve().parents[2] / "examples" / "ptb"
VOCAB_SIZE = "300"  # a small vocabulary learns fast: the runs take seconds
TINY_RUN = ["--vocab-size", VOCAB_SIZE, "--limit", "2000", "--unit", "24", "--batchsize", "5",
            "--bproplen", "8", "--epoch", "3", "--seed", "1"]
# three updates on one window (12 words), each logged and validated: Dask builds every
# step's task graph, so it is slow
DASK_RUN = ["--vocab-size", VOCAB_SIZE, "--limit", "12", "--unit", "16", "--batchsize", "2",
            "--bproplen", "4", "--epoch", "1", "--stop", "3", "--report-every", "1",
            "--lr", "0.02", "--noplot", "--seed", "1"]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """``run(script, *args)``: the example's stdout, run in a folder of its own with the
    corpus cached once for all runs."""
    root = tmp_path_factory.mktemp("datasets")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FLEXGRAD_DATASET_ROOT", str(root))
        get_pydoc_words(int(VOCAB_SIZE))
    env = {**os.environ, "FLEXGRAD_DATASET_ROOT": str(root), "PYTHONWARNINGS": "error",
           "OMP_NUM_THREADS": "1"}  # BLAS threads only fight over a loaded CI's 2 cores

    def run_script(script, *args, cwd):
        os.makedirs(cwd, exist_ok=True)
        done = subprocess.run([sys.executable, str(FOLDER / script), *args], cwd=cwd, env=env,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    return run_script


@pytest.fixture(scope="module")
def lstm_result(run, tmp_path_factory):
    folder = tmp_path_factory.mktemp("lstm")
    stdout = run("train_ptb.py", "--model", "lstm", *TINY_RUN, cwd=folder)
    return folder / "result", stdout


def read_log(result):
    with open(result / "log") as f:
        return json.load(f)


def assert_learned(result, stdout):
    log = read_log(result)
    assert [entry["epoch"] for entry in log] == [1, 2, 3]
    assert log[-1]["perplexity"] < 0.7 * log[0]["perplexity"]
    assert log[-1]["val_perplexity"] < log[0]["val_perplexity"]
    assert "test perplexity: " in stdout
    assert {"model.npz", "model.json", "snapshot_iter_147"} <= set(os.listdir(result))


def test_the_lstm_learns_on_numpy(lstm_result):
    assert_learned(*lstm_result)


@pytest.mark.parametrize("model", ["rnn", "lstm"])
def test_each_model_takes_the_same_falling_steps_on_dask_as_on_numpy(run, tmp_path, model):
    pytest.importorskip("dask")
    logs = {}
    for device in ("@numpy", "@dask"):
        run("train_ptb.py", "--model", model, "--device", device, *DASK_RUN,
            cwd=tmp_path / device)
        logs[device] = read_log(tmp_path / device / "result")
    assert [entry["iteration"] for entry in logs["@dask"]] == [1, 2, 3]
    for key in ("perplexity", "val_perplexity"):
        numpy_steps = [entry[key] for entry in logs["@numpy"]]
        assert numpy_steps[-1] < numpy_steps[0]
        np.testing.assert_allclose([entry[key] for entry in logs["@dask"]], numpy_steps,
                                   rtol=1e-4)


def tokens(text):
    """The words gentxt wrote, each full stop an ``<eos>``."""
    return text.replace(".", " <eos>").split()


def test_gentxt_writes_the_same_text_for_the_same_seed(run, lstm_result):
    result, _ = lstm_result
    args = ["-m", str(result / "model.npz"), "--primer", "Return the", "--length", "30"]
    text = run("gentxt.py", *args, "--seed", "7", cwd=result)
    assert tokens(text)[:2] == ["return", "the"] and len(tokens(text)) == 32
    assert run("gentxt.py", *args, "--seed", "7", cwd=result) == text
    assert run("gentxt.py", *args, "--seed", "8", cwd=result) != text


def test_gentxt_reads_a_trainer_snapshot_as_the_model_it_holds(run, lstm_result):
    result, _ = lstm_result
    args = ["--primer", "the", "--length", "12", "--temperature", "0.5", "--seed", "3"]
    from_model = run("gentxt.py", "-m", str(result / "model.npz"), *args, cwd=result)
    from_snapshot = run("gentxt.py", "-m", str(result / "snapshot_iter_147"), *args,
                        cwd=result)
    assert from_snapshot == from_model and "<unk>" not in from_model


def test_a_shared_copy_follows_optimizer_updates():
    model = L.Linear(2, 1)
    shared = model.copy()  # the evaluator's copy: shared parameters, its own state
    optimizer = flexgrad.optimizers.SGD(lr=0.1)
    optimizer.setup(model)
    loss = flexgrad.functions.sum(model(np.ones((1, 2), np.float32)))
    model.cleargrads()
    loss.backward()
    optimizer.update()
    np.testing.assert_array_equal(shared.W.array, model.W.array)
