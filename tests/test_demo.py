"""The main job, examples/define_by_run/demo.py: the perceptron passes 95% on the digits and
its graph is written out; the stochastic-depth ResNet records a graph of its own each
iteration; Dask prints what NumPy prints."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # end to end: `python3 dev.py test --fast` skips it

DEMO = Path(__file__).resolve().parents[1] / "examples" / "define_by_run" / "demo.py"
ITERATION = re.compile(r"iteration (\d+): blocks run \[([#.]{9})\] (\d)/9, (\d+) ops recorded")


def demo(out, *args, tools=None):
    """Run the demo; ``tools``, a folder, goes first on its PATH."""
    path = os.pathsep.join(filter(None, [tools and str(tools), os.environ.get("PATH")]))
    run = subprocess.run([sys.executable, str(DEMO), "--out", str(out), *args],
                         capture_output=True, text=True, timeout=300,
                         env={**os.environ, "PYTHONWARNINGS": "error", "PATH": path})
    assert run.returncode == 0, run.stderr[-3000:]
    return run


@pytest.fixture(scope="module")
def numpy_run(tmp_path_factory):
    """The demo on NumPy, with a stand-in for Graphviz's ``dot`` that reads DOT and writes
    an SVG naming how many lines it read."""
    tools = tmp_path_factory.mktemp("tools")
    (tools / "dot").write_text("#!/bin/sh\necho \"<svg>$(wc -l)</svg>\"\n")
    (tools / "dot").chmod(0o755)
    out = tmp_path_factory.mktemp("numpy")
    return out, demo(out, tools=tools)


def test_the_perceptron_passes_95_percent_and_its_graph_is_written(numpy_run):
    out, run = numpy_run
    accuracy = float(re.search(r"test accuracy (\d+\.\d)%, above 95%", run.stdout)[1])
    assert accuracy > 95.0
    assert "225/225 iterations" in run.stderr  # the progress bar: 10 epochs of 23 batches
    assert "3 LinearFunction, 2 ReLU" in run.stdout
    dot = (out / "mlp_graph.dot").read_text()
    assert dot.startswith("digraph") and dot.count("LinearFunction") == 3
    if os.name == "posix":  # the stand-in for dot is a shell script
        assert (out / "mlp_graph.svg").read_text() == f"<svg>{dot.count(chr(10))}</svg>\n"


def test_each_stochastic_depth_iteration_records_its_own_graph(numpy_run):
    _, run = numpy_run
    iterations = ITERATION.findall(run.stdout)
    assert [int(i) for i, *_ in iterations] == list(range(1, 9))
    ops_by_blocks = {}
    for _, pattern, count, ops in iterations:
        assert pattern.count("#") == int(count)
        ops_by_blocks.setdefault(int(count), set()).add(int(ops))
    # the graph's size follows the blocks run alone: a skipped block adds nothing to it
    assert all(len(sizes) == 1 for sizes in ops_by_blocks.values())
    sizes = [ops_by_blocks[count].pop() for count in sorted(ops_by_blocks)]
    assert sizes == sorted(set(sizes))
    assert len({pattern for _, pattern, _, _ in iterations}) > 1
    test_ops = int(re.search(r"in test mode every block runs.*: (\d+) ops", run.stdout)[1])
    assert test_ops > max(int(ops) for *_, ops in iterations)


def test_dask_prints_what_numpy_prints(numpy_run, tmp_path):
    pytest.importorskip("dask")
    _, reference = numpy_run
    run = demo(tmp_path, "--device", "@dask", "--epoch", "1", "--iterations", "2")
    assert "on @dask" in run.stdout

    def first_epoch(text):
        return re.search(r"^1 .*$", text, flags=re.M)[0].split()[:5]

    assert first_epoch(run.stdout) == first_epoch(reference.stdout)
    assert re.findall(r"iteration \d.*", run.stdout) == re.findall(
        r"iteration [12]:.*", reference.stdout)
