"""examples/vae/train_vae.py learns the handwritten digits on NumPy and on Dask."""

from __future__ import annotations

import math
import os

import pytest
from example_scripts import read_log, run_example

# End to end: `python3 dev.py test --fast` skips these.
pytestmark = pytest.mark.slow


@pytest.mark.parametrize("device", ["@numpy", "@dask"])
def test_the_vae_learns_the_digits_and_draws_them(tmp_path, device):
    run_example("vae", "train_vae.py", "--epoch", 2, "--batch-size", 200, "--alpha", 0.01,
                "--dim-h", 64, "--dim-z", 4, "--device", device, "--out", tmp_path)
    log = read_log(tmp_path)
    assert [entry["epoch"] for entry in log] == [1, 2]
    for entry in log:
        for prefix in ("main", "validation/main"):
            loss, reconstruction, kl = (entry[f"{prefix}/{key}"]
                                        for key in ("loss", "reconstruction", "kl"))
            assert loss == pytest.approx(reconstruction + kl, rel=1e-5) and kl > 0
    losses = [entry["validation/main/loss"] for entry in log]
    untrained = 64 * math.log(2)  # every pixel's logit 0: log 2 a pixel
    assert losses[1] < losses[0] < 0.85 * untrained, losses
    assert sorted(os.listdir(tmp_path)) == ["digits.png", "log", "loss.png",
                                            "snapshot_iter_15"]  # 15 batches of 200
