"""``python3 dev.py gpu --cpu-dry-run``: the prepared GPU check runs on NumPy, so the
command waiting for a GPU machine does not rot between GPU runs."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_the_gpu_check_runs_every_step_on_the_cpu(tmp_path):
    env = {**os.environ, "OUT": str(tmp_path)}
    done = subprocess.run([sys.executable, "benchmarks/gpu_check.py", "--cpu-dry-run"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    summary = json.loads((tmp_path / "gpu-summary.json").read_text())
    failed = {s["name"]: s.get("tail") for s in summary["steps"] if not s["ok"]}
    assert done.returncode == 0 and not failed, (done.stdout[-3000:], failed)
    assert [s["name"] for s in summary["steps"]][0] == "gpu_tests"
    ratios = summary["benchmarks"]["mlp_b100"]["ratios"]
    assert set(ratios) == {"flexgrad/floor", "flexgrad/torch"}
    assert (tmp_path / "gpu-check.log").stat().st_size > 0
