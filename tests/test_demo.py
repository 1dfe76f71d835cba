"""The main job, examples/define_by_run/demo.py, runs and learns on NumPy and on Dask."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # end to end: `python3 dev.py test --fast` skips it

DEMO = Path(__file__).resolve().parents[1] / "examples" / "define_by_run" / "demo.py"


@pytest.mark.parametrize("device, steps", [("@numpy", 300), ("@dask", 40)])
def test_demo_runs_and_learns(device, steps):
    run = subprocess.run([sys.executable, str(DEMO), "--device", device, "--steps", str(steps)],
                         capture_output=True, text=True, timeout=300,
                         env={**os.environ, "PYTHONWARNINGS": "error"})
    assert run.returncode == 0, run.stderr[-3000:]
    ops = [int(n) for n in re.findall(r"(\d+) ops recorded", run.stdout)]
    assert len(ops) == 2 and ops[0] < ops[1], "skipping a block records a smaller graph"
    losses = [float(v) for v in re.findall(r"loss (\d+\.\d+)", run.stdout)]
    assert losses[-1] < losses[0], run.stdout
