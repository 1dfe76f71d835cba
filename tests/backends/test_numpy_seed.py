"""A Chainer script seeds with ``numpy.random.seed`` alone; flexgrad's draws then repeat."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import numpy, flexgrad, flexgrad.links as L, flexgrad.functions as F
numpy.random.seed({seed})
layer = L.Linear(3, 2)
mask = F.dropout(numpy.ones((1, 6), numpy.float32), 0.5).array
print(layer.W.array.ravel().tolist(), mask.ravel().tolist())
"""


def _run(seed: int) -> str:
    done = subprocess.run([sys.executable, "-c", SCRIPT.format(seed=seed)],
                          capture_output=True, text=True, timeout=120, check=True)
    return done.stdout


def test_numpy_random_seed_alone_makes_a_run_repeat():
    assert _run(0) == _run(0)
    assert _run(0) != _run(1)
