"""examples/dcgan/train_dcgan.py learns the digits' layout on NumPy, and Dask takes the
same steps."""

from __future__ import annotations

import math
import os

import pytest
from example_scripts import read_log, run_example

# End to end: `python3 dev.py test --fast` skips these.
pytestmark = pytest.mark.slow

SMALL = ("--ch", 16, "--n_hidden", 8, "--alpha", 1e-3)


def test_the_gan_learns_the_digits_layout_and_draws_a_preview(tmp_path):
    run_example("dcgan", "train_dcgan.py", *SMALL, "--epoch", 2, "--batchsize", 50,
                "--display_interval", 10, "--snapshot_interval", 40, "--out", tmp_path)
    log = read_log(tmp_path)
    assert [entry["iteration"] for entry in log] == [10, 20, 30, 40, 50]
    assert abs(log[0]["dis/loss"] - 2 * math.log(2)) < 0.3, "2 log 2: a coin toss at first"
    assert log[-1]["dis/loss"] < log[0]["dis/loss"]
    gaps = [entry["gen/gap"] for entry in log]
    assert gaps[-1] < 0.85 * gaps[0], gaps
    # every 40 iterations and at the end, the 58th (2 x 1,437 digits in batches of 50)
    assert sorted(os.listdir(tmp_path)) == ["gap.png", "log", "loss.png", "preview",
                                            "snapshot_iter_40", "snapshot_iter_58"]
    assert sorted(os.listdir(tmp_path / "preview")) == ["iter_40.png", "iter_58.png"]


def test_dask_takes_numpys_steps(tmp_path):
    """The codes come from NumPy's generator on both, so the losses agree step by step."""
    logs = []
    for device in ("@numpy", "@dask"):
        out = tmp_path / device
        run_example("dcgan", "train_dcgan.py", *SMALL, "--epoch", 1, "--batchsize", 480,
                    "--display_interval", 1, "--noplot", "--device", device, "--out", out)
        logs.append(read_log(out))
    numpy_log, dask_log = logs
    assert [entry["iteration"] for entry in dask_log] == [1, 2, 3]
    for numpy_entry, dask_entry in zip(numpy_log, dask_log, strict=True):
        for key in ("gen/loss", "dis/loss", "gen/gap"):
            assert dask_entry[key] == pytest.approx(numpy_entry[key], rel=1e-4), key
