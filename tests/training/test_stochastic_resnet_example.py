"""examples/stochastic_resnet: blocks dropped in training are skipped (each iteration records
its own graph), test mode scales every branch, and the script learns on NumPy and on Dask."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

import flexgrad
from flexgrad.computational_graph import build_computational_graph

pytestmark = pytest.mark.slow  # end to end: `python3 dev.py test --fast` skips it

FOLDER = Path(__file__).resolve().parents[2] / "examples" / "stochastic_resnet"
SCRIPT = FOLDER / "train_stochastic_resnet.py"
ENV = {**os.environ, "PYTHONWARNINGS": "error", "OMP_NUM_THREADS": "1"}
# three blocks of 4, 8 and 16 channels: survival probabilities 5/6, 2/3 and 1/2
QUICK = ["--subset", "128", "--batchsize", "32", "--blocks-per-stage", "1", "--channels",
         "4", "--epoch", "2", "--noplot"]


@pytest.fixture(scope="module")
def model_module():
    sys.path.insert(0, str(FOLDER))
    try:
        import stochastic_resnet
    finally:
        sys.path.remove(str(FOLDER))
    return stochastic_resnet


def ops_of(y):
    return Counter(node.label for node in build_computational_graph(y).functions)


def test_each_training_iteration_records_only_the_blocks_it_runs(model_module):
    flexgrad.set_seed(0)
    model = model_module.StochasticResNet(10, (4, 8, 16), 1, 0.5)
    assert [round(b.survival, 4) for b in model.blocks] == [0.8333, 0.6667, 0.5]
    x = np.zeros((2, 1, 8, 8), np.float32)
    reporter = flexgrad.Reporter()
    reporter.add_observer("resnet", model)
    convolutions, blocks_run = [], []
    for _ in range(8):
        observation = {}
        with reporter.scope(observation):
            convolutions.append(ops_of(model(x))["Convolution"])
        blocks_run.append(observation["resnet/blocks"])
    # the stem and two convolutions for each block that ran, none for a skipped one
    assert convolutions == [1 + 2 * n for n in blocks_run]
    assert len(set(convolutions)) > 1, "different iterations record different graphs"

    with flexgrad.using_config("train", False):
        ops = ops_of(model(x))
    assert ops["Convolution"] == 7 and ops["MulConstant"] == 3  # every branch, scaled


def test_without_stochastic_depth_every_block_runs_and_nothing_is_scaled(model_module):
    model = model_module.StochasticResNet(10, (4, 8, 16), 1, last_survival=1.0)
    x = np.zeros((2, 1, 8, 8), np.float32)
    assert {ops_of(model(x))["Convolution"] for _ in range(4)} == {7}
    with flexgrad.using_config("train", False):
        assert "MulConstant" not in ops_of(model(x))


@pytest.mark.parametrize("shape", [(2, 1, 8, 8), (2, 3, 32, 32)])
def test_the_network_takes_the_digits_and_cifar_images(model_module, shape):
    model = model_module.StochasticResNet(10, (4, 8, 16), 1)
    assert model(np.ones(shape, np.float32)).shape == (2, 10)


def train(out, *args):
    run = subprocess.run([sys.executable, str(SCRIPT), "--out", str(out), *QUICK, *args],
                         capture_output=True, text=True, timeout=240, env=ENV)
    assert run.returncode == 0, run.stderr[-3000:]
    with open(out / "log") as f:
        return run, json.load(f)


def test_the_script_learns_on_numpy_and_dask_alike(tmp_path):
    pytest.importorskip("dask")
    run, log = train(tmp_path / "numpy")
    assert "digits on @numpy: 3 residual blocks, last survival probability 0.5" in run.stdout
    assert "8/8 iterations" in run.stderr  # the progress bar
    assert [(e["epoch"], e["iteration"]) for e in log] == [(1, 4), (2, 8)]
    assert 1.0 <= np.mean([e["main/predictor/blocks"] for e in log]) < 3.0
    assert log[-1]["main/loss"] < log[0]["main/loss"]
    assert sorted(os.listdir(tmp_path / "numpy")) == ["cg.dot", "log", "snapshot_iter_8"]

    _, dask_log = train(tmp_path / "dask", "--device", "@dask")
    for key in ("main/loss", "main/predictor/blocks", "validation/main/loss"):
        np.testing.assert_allclose([e[key] for e in dask_log], [e[key] for e in log],
                                   rtol=1e-4, err_msg=key)


def test_no_stochastic_depth_runs_every_block(tmp_path):
    _, log = train(tmp_path, "--no-stochastic-depth", "--epoch", "1")
    assert [e["main/predictor/blocks"] for e in log] == [3.0]
