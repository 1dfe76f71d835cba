"""Where the tiny-op chain's microseconds go: the engine's and the ops' unit costs.

    python benchmarks/breakdown.py

Each line times one piece in isolation (median over interleaved rounds) on float32 arrays
of shape (1,), as in ``tiny_ops``: the engine's fixed cost per op (recording an op that
does nothing, walking its node in backward), what backward's arithmetic costs without
a graph, and what the op code adds on top of NumPy. See ``tiny_ops`` for the chain itself.
"""

from __future__ import annotations

import numpy as np
from _timing import compete  # this script's folder is on sys.path

import flexgrad
import flexgrad.functions as F
from flexgrad import FunctionNode

CHAIN = 100


class _Identity(FunctionNode):
    """Does nothing, so timing it measures the engine alone."""

    __slots__ = ()

    def forward(self, inputs):
        return inputs

    def backward(self, indexes, grad_outputs):
        return grad_outputs


def _pieces() -> dict[str, tuple[int, object]]:
    """``{label: (calls per run, run)}``; a run of a chain counts each of its ops."""
    a = np.full((1,), 0.5, np.float32)
    leaf = flexgrad.Parameter(a.copy())
    v, c = flexgrad.Variable(a), flexgrad.Variable(a, requires_grad=False)
    y, m = F.tanh(v), v * leaf
    backend = flexgrad.backends.backend_of(a)

    def identity_chain():
        h = leaf
        for _ in range(CHAIN):
            h = _Identity().apply((h,))[0]
        return h

    def identity_chain_backward():
        leaf.cleargrad()
        identity_chain().backward()

    def without_graph(fn):
        def run():
            with flexgrad.no_backprop_mode():
                for _ in range(CHAIN):
                    fn()
        return CHAIN, run

    return {
        "engine: record an op that does nothing": (CHAIN, identity_chain),
        "engine: ... and walk it in backward": (CHAIN, identity_chain_backward),
        "numpy: one ufunc, a * a": (1, lambda: a * a),
        "numpy: one ufunc with a Python scalar, 1 - a": (1, lambda: 1 - a),
        "backward arithmetic without a graph: c * c": without_graph(lambda: c * c),
        "backward arithmetic without a graph: 1 - c": without_graph(lambda: 1 - c),
        "get_retained_outputs (tanh)": (1, y.creator.get_retained_outputs),
        "get_retained_inputs (mul)": (1, m.creator.get_retained_inputs),
        "op code: backend.is_floating (expect_float)": (1, lambda: backend.is_floating(a.dtype)),
        "recorded v * w": (1, lambda: v * leaf),
        "recorded v + w": (1, lambda: v + leaf),
        "recorded F.tanh(v)": (1, lambda: F.tanh(v)),
        "recorded F.sigmoid(v)": (1, lambda: F.sigmoid(v)),
    }


def main() -> None:
    pieces = _pieces()
    timings = compete({k: run for k, (_, run) in pieces.items()}, rounds=5, min_time=0.05)
    backward_of = "engine: ... and walk it in backward"
    timings[backward_of]["median"] -= timings["engine: record an op that does nothing"]["median"]
    for label, (calls, _) in pieces.items():
        print(f"  {label:<48} {timings[label]['median'] / calls * 1e6:6.2f} us")


if __name__ == "__main__":
    main()
