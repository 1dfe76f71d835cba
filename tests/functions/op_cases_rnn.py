"""Op table rows: lstm, slstm and the whole-sequence n_step_* RNNs.

The n_step rows pack Chainer's nested arguments (states, per-layer weight and bias
lists, time-major inputs) into one input vector, and flatten their outputs into
``(hy, [cy,] *ys)``. Shapes stay tiny: 2 units, 3 input features, two or three steps.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import op_refs as R
from op_table import POSITIVE, Arg, fixed
from op_table import OpCase as C

import flexgrad.functions as F

UNITS, IN_SIZE = 2, 3
SMALL = Arg(-1.0, 1.0)  # gates stay off saturation, so the gradients are not all ~0
# (weights per layer, how many of them multiply the input, has a cell state)
# Each Dask run of a whole-sequence RNN builds and schedules ~2000 tiny tasks (~1 s here):
# the sweep's 12 drawn chunkings per row would cost minutes, so one fixed run per function
# lives in test_rnn_sequences.py instead.
DASK_GAP = {"dask": "~1 s per Dask run; one run per function in "
                    "test_rnn_sequences.py::test_dask_agrees"}
KINDS = {"lstm": (8, 4, True), "gru": (6, 3, False), "rnn": (2, 1, False)}


def _n_step_case(name: str, kind: str, layers: int = 1, batches: tuple[int, ...] = (2, 1),
                 arg: Arg = SMALL, **kw) -> C:
    """A row for ``F.<name>`` (n_step_<kind> or its bi- variant).

    Its one input is every array of the call (states, weights, biases, inputs) packed in
    one vector, which the row splits and reshapes: one chunking for Dask to draw and one
    direction for the gradient checks, instead of one per array (~40 of them).
    """
    n_w, n_in, has_cell = KINDS[kind]
    directions = 2 if name.startswith(f"n_step_bi{kind}") else 1
    n = layers * directions
    state = (n, batches[0], UNITS)
    weights = [(UNITS, (IN_SIZE if k < directions else UNITS * directions) if j < n_in
                else UNITS) for k in range(n) for j in range(n_w)]
    shapes = [state] * (1 + has_cell) + weights + [(UNITS,)] * (n * n_w) + \
        [(b, IN_SIZE) for b in batches]
    sizes = [math.prod(s) for s in shapes]

    def func(packed):
        ends = list(itertools.accumulate(sizes))[:-1]
        xs = [F.reshape(p, s) for p, s in zip(F.split_axis(packed, ends, 0), shapes,
                                               strict=True)]
        states, xs = xs[:1 + has_cell], xs[1 + has_cell:]
        ws = [xs[k * n_w:(k + 1) * n_w] for k in range(n)]
        bs = [xs[n * n_w + k * n_w:n * n_w + (k + 1) * n_w] for k in range(n)]
        out = getattr(F, name)(layers, 0.0, *states, ws, bs, xs[2 * n * n_w:], **kw)
        return (*out[:-1], *out[-1])

    def ref(packed):
        xs = [p.reshape(s) for p, s in zip(np.split(packed, np.cumsum(sizes)[:-1]), shapes,
                                           strict=True)]
        states, xs = xs[:1 + has_cell], xs[1 + has_cell:]
        ws = [xs[k * n_w:(k + 1) * n_w] for k in range(n)]
        bs = [xs[n * n_w + k * n_w:n * n_w + (k + 1) * n_w] for k in range(n)]
        hy, cy, ys = R.n_step(kind, layers, states[0], states[1] if has_cell else None, ws, bs,
                              xs[2 * n * n_w:], directions, kw.get("activation", "tanh"))
        return (hy, *([cy] if has_cell else []), *ys)

    tag = ",".join([f"layers={layers}", f"batches={batches}"] +
                   [f"{k}={v!r}" for k, v in kw.items()])
    return C(name, fixed((sum(sizes),)), (arg,), func=func, tag=tag, gaps=DASK_GAP, ref=ref)


CELLS = [
    C("lstm", fixed((3, 2), (3, 8)), ref=R.lstm),
    C("lstm", fixed((2, 1, 3), (1, 4, 3)), tag="trailing axis,shrinking batch",
      ref=R.lstm),
    C("slstm", fixed((2, 2), (2, 2), (2, 8), (2, 8)), ref=R.slstm),
]

SEQUENCES = [
    _n_step_case("n_step_lstm", "lstm", batches=(3, 2, 1)),
    _n_step_case("n_step_bilstm", "lstm"),
    _n_step_case("n_step_gru", "gru", layers=2),
    _n_step_case("n_step_bigru", "gru"),
    # relu on positive inputs and weights: every unit stays on, away from the kink
    _n_step_case("n_step_rnn", "rnn", arg=POSITIVE, activation="relu"),
    _n_step_case("n_step_birnn", "rnn", layers=2),
]

CASES = CELLS + SEQUENCES
