"""The stacked, optionally bidirectional RNN over time-major variable-length batches.

Shared by n_step_rnn, n_step_gru and n_step_lstm (and their bi- variants): for each
layer and direction, one matrix product projects the inputs of all time steps at once,
a :class:`~._recurrence.Recurrence` node steps the recurrent part, and the outputs of
all steps feed the next layer as one array.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

from ... import backends
from ...errors import expect_float, expect_same_dtype, fail
from ...variable import Variable
from ..array._args import array_arg, is_int
from ..array.concat import concat
from ..array.reshape import reshape
from ..array.split_axis import split_axis
from ..array.stack import stack
from ..math.matmul import matmul
from ..noise.dropout import dropout
from ._recurrence import Recurrence


class Spec:
    """How one RNN kind lays out Chainer's per-layer weight lists: ``x_order`` picks the
    input matrices (and biases) in the order of the cell's gate blocks, ``h_order`` the
    hidden ones."""

    def __init__(self, cell: Any, x_order: tuple[int, ...], h_order: tuple[int, ...]) -> None:
        self.cell = cell
        self.x_order, self.h_order = x_order, h_order
        self.n_weights = len(x_order) + len(h_order)


def n_step(fn: str, spec: Spec, n_layers: int, dropout_ratio: float, hx: Any, cx: Any,
           ws: Sequence[Sequence[Any]], bs: Sequence[Sequence[Any]], xs: Sequence[Any],
           directions: int) -> tuple[Variable, Variable | None, tuple[Variable, ...]]:
    """``(hy, cy, ys)``; ``cx`` and ``cy`` are None for cells without a cell state."""
    batches = _check(fn, spec, n_layers, dropout_ratio, hx, cx, ws, bs, xs, directions)
    n_states = n_layers * directions
    h0s = _separate(hx, n_states)
    c0s = _separate(cx, n_states) if cx is not None else [None] * n_states
    x = concat(xs, axis=0)
    hy, cy = [], []
    for layer in range(n_layers):
        outs = []
        for d in range(directions):
            k = layer * directions + d
            inp = x if layer == 0 else _dropout(x, dropout_ratio)
            w_x, b_x = _stacked(ws[k], bs[k], spec.x_order)
            w_h, b_h = _stacked(ws[k], bs[k], spec.h_order)
            xw = matmul(inp, w_x, transb=True) + b_x
            states = (h0s[k],) if c0s[k] is None else (h0s[k], c0s[k])
            ys, *finals = Recurrence(spec.cell, batches, d == 1).apply((xw, w_h, b_h, *states))
            outs.append(ys)
            hy.append(finals[0])
            if c0s[k] is not None:
                cy.append(finals[1])
        x = outs[0] if directions == 1 else concat(outs, axis=1)
    ends = list(itertools.accumulate(batches))[:-1]
    return stack(hy), stack(cy) if cy else None, split_axis(x, ends, 0)


def _separate(h: Any, n: int) -> list[Variable]:
    """``h`` (n, B, N) as n Variables (B, N)."""
    shape = tuple(h.shape[1:])
    return [reshape(p, shape) for p in split_axis(h, n, 0)]


def _stacked(w: Sequence[Any], b: Sequence[Any], order: tuple[int, ...]) -> tuple[Any, Any]:
    if len(order) == 1:
        return w[order[0]], b[order[0]]
    return concat([w[j] for j in order], axis=0), concat([b[j] for j in order], axis=0)


def _dropout(x: Variable, ratio: float) -> Variable:
    """Chainer's dropout between layers (F.dropout itself is off in test mode)."""
    return x if ratio == 0.0 else dropout(x, ratio)


# -- argument checks ------------------------------------------------------------------------
def _check(fn: str, spec: Spec, n_layers: Any, dropout_ratio: Any, hx: Any, cx: Any, ws: Any,
           bs: Any, xs: Any, directions: int) -> tuple[int, ...]:
    """Chainer's rules for the arguments, each broken one named; returns the batch sizes."""
    if not is_int(n_layers) or n_layers < 1:
        fail(fn, "n_layers", "an int >= 1", f"{n_layers!r}")
    if not isinstance(dropout_ratio, (int, float)) or not 0.0 <= dropout_ratio < 1.0:
        fail(fn, "dropout_ratio", "a number in [0, 1)", f"{dropout_ratio!r}")
    h = array_arg(fn, "hx", hx)
    expect_float(fn, "hx", h, backends.backend_of(h))
    n_states = n_layers * directions
    if h.ndim != 3 or h.shape[0] != n_states:
        fail(fn, "hx", f"shape ({n_states}, B, N) for {n_layers} layer(s) and {directions} "
             "direction(s)", h)
    units = h.shape[2]
    named = [("hx", h)]
    if cx is not None:
        named.append(("cx", array_arg(fn, "cx", cx)))
        if tuple(named[-1][1].shape) != tuple(h.shape):
            fail(fn, "cx", f"the shape of hx {tuple(h.shape)}", named[-1][1])
    batches, in_size = _check_xs(fn, xs, h.shape[1], named)
    for k in range(n_states):
        width = in_size if k < directions else units * directions
        for arg, group in (("ws", ws), ("bs", bs)):
            entry = _entry(fn, arg, group, k, n_states, spec.n_weights)
            for j, a in enumerate(entry):
                name = f"{arg}[{k}][{j}]"
                data = array_arg(fn, name, a)
                if arg == "bs":
                    expected: tuple[int, ...] = (units,)
                else:
                    expected = (units, width if j in spec.x_order else units)
                if tuple(data.shape) != expected:
                    fail(fn, name, f"shape {expected}", data)
                named.append((name, data))
    expect_same_dtype(fn, [n for n, _ in named], [a for _, a in named])
    return batches


def _entry(fn: str, arg: str, group: Any, k: int, n_states: int, n_weights: int) -> Any:
    """``group[k]``, checked to be a list of ``n_weights`` items."""
    if not isinstance(group, (list, tuple)) or len(group) != n_states:
        fail(fn, arg, f"a list of {n_states} lists (one per layer and direction)",
             f"{group!r}"[:80], kind="type")
    entry = group[k]
    if not isinstance(entry, (list, tuple)) or len(entry) != n_weights:
        fail(fn, f"{arg}[{k}]", f"a list of {n_weights} arrays", f"{entry!r}"[:80],
             kind="type")
    return entry


def _check_xs(fn: str, xs: Any, total: int, named: list) -> tuple[tuple[int, ...], int]:
    """The batch size of each step, and the input size."""
    if not isinstance(xs, (list, tuple)) or not xs:
        fail(fn, "xs", "a non-empty list of arrays (one per time step)", f"{xs!r}"[:80],
             kind="type")
    batches: list[int] = []
    in_size = None
    for t, x in enumerate(xs):
        data = array_arg(fn, f"xs[{t}]", x)
        limit = batches[-1] if batches else total
        if data.ndim != 2 or not 1 <= data.shape[0] <= limit or \
                in_size not in (None, data.shape[1]):
            fail(fn, f"xs[{t}]", f"a 2-d array (B_t, {in_size or 'I'}) with 1 <= B_t <= "
                 f"{limit} (sequences sorted by length, descending, then transposed)", data)
        batches.append(data.shape[0])
        in_size = data.shape[1]
        named.append((f"xs[{t}]", data))
    return tuple(batches), in_size
