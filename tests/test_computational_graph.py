"""The recorded graph as DOT text and as a Jupyter display."""

import numpy as np
import pytest

import flexgrad
from flexgrad.computational_graph import build_computational_graph


def small_graph():
    x = flexgrad.Variable(np.ones((2, 3), dtype=np.float32), name="x")
    w = flexgrad.Variable(np.ones((3, 4), dtype=np.float32), name="w")
    h = x @ w
    return build_computational_graph([h * h + 1]), x, w


def test_vertices_and_edges():
    g, x, w = small_graph()
    assert [f.label for f in g.functions] == ["AddConstant", "Mul", "MatMul"]
    labels = [v.label for v in g.variables]
    assert "x: float32, (2, 3) on numpy" in labels and "w: float32, (3, 4) on numpy" in labels
    # MatMul's output feeds Mul twice.
    matmul = g.functions[-1]
    out = next(b for a, b in g.edges if a is matmul)
    assert sum(1 for a, b in g.edges if a is out) == 2


def test_dump_is_dot():
    g, _, _ = small_graph()
    dot = g.dump()
    assert dot.startswith("digraph graphname{rankdir=TB;") and dot.endswith("}")
    assert dot.count("->") == len(g.edges)
    assert 'label="MatMul"' in dot
    with pytest.raises(ValueError, match="format"):
        g.dump("png")


def test_remove_variable_links_ops_directly():
    x = flexgrad.Variable(np.ones(2))
    g = build_computational_graph(x * 2 + 1, remove_variable=True)
    assert g.variables == []
    assert [(a.label, b.label) for a, b in g.edges] == [("MulConstant", "AddConstant")]


def test_jupyter_display_falls_back_without_dot(monkeypatch):
    g, _, _ = small_graph()
    monkeypatch.setattr("shutil.which", lambda name: None)
    bundle = g._repr_mimebundle_()
    assert "image/svg+xml" not in bundle
    assert "MatMul" in bundle["text/html"] and "MatMul" in bundle["text/plain"]


def test_jupyter_display_uses_dot_when_present():
    g, _, _ = small_graph()
    if g.svg() is None:
        pytest.skip("Graphviz 'dot' is not installed")
    assert "<svg" in g._repr_mimebundle_()["image/svg+xml"]
