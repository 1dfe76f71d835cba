"""One layer of one direction of an RNN over a whole packed sequence, as one node.

The input projection ``xw`` of every time step is computed before (one matrix product
for the whole sequence); the node steps only the recurrent part, and its backward
gathers the gate gradients of all steps so that the hidden weights' gradient is again
one matrix product. This is the form a hand-written implementation takes.
"""

from __future__ import annotations

import itertools
from typing import Any

from ...configuration import config
from ...function_node import FunctionNode
from ...variable import _new_constant
from ._math import VARIABLE_MATH, ArrayMath


class Recurrence(FunctionNode):
    """``(xw, w_h, b_h, h0[, c0]) -> (ys, hy[, cy])`` for a cell of ``_cells.py``.

    ``xw`` holds the projected inputs of all steps, time-major and packed: step ``t``
    is rows ``[offset_t, offset_t + batches[t])``, ``batches`` non-increasing. A step
    updates the first ``batches[t]`` rows of the states and leaves the rest as they are,
    so a sequence's final state is the one after its last step. ``reverse`` runs the
    steps from last to first (the backward direction of a bidirectional RNN).

    Backward runs the cell's gradient on the arrays kept by forward; when a higher-order
    graph is recorded it recomputes the forward with flexgrad functions from the
    retained inputs and runs the same formulas on Variables.
    """

    __slots__ = ("cell", "batches", "reverse", "_trace")

    def __init__(self, cell: Any, batches: tuple[int, ...], reverse: bool) -> None:
        self.cell = cell
        self.batches = batches
        self.reverse = reverse

    def forward(self, inputs):
        self.retain_inputs(range(len(inputs)))
        ys, states, self._trace = self._run(ArrayMath(self.backend), inputs)
        return (ys, *states)

    def backward(self, indexes, grad_outputs):
        if config.enable_backprop:  # double backprop: recompute, recorded, from Variables
            m = VARIABLE_MATH
            inputs = self.get_retained_inputs()
            _, _, trace = self._run(m, inputs)
        else:
            m = ArrayMath(self.backend)
            inputs = self.get_retained_arrays()
            trace = self._trace
            grad_outputs = [None if g is None else g.array for g in grad_outputs]
        grads = self._grads(m, inputs, trace, grad_outputs, indexes)
        if m is VARIABLE_MATH:
            return grads
        return tuple(None if g is None else _new_constant(g) for g in grads)

    def release(self) -> None:
        super().release()
        self._trace = None

    # -- the loops, for ArrayMath and VARIABLE_MATH alike ----------------------------------
    def _bounds(self) -> list[tuple[int, int]]:
        ends = list(itertools.accumulate(self.batches))
        return [(end - b, end) for b, end in zip(self.batches, ends, strict=True)]

    def _order(self, backward: bool) -> range:
        n = len(self.batches)
        return range(n) if self.reverse == backward else range(n - 1, -1, -1)

    def _run(self, m: Any, inputs: tuple) -> tuple[Any, list, list]:
        xw, w_h, b_h, *states = inputs
        total = states[0].shape[0]
        xws = m.split(xw, self._bounds(), 0)
        ys: list[Any] = [None] * len(xws)
        trace: list[Any] = [None] * len(xws)
        for t in self._order(backward=False):
            prev, rest = _heads(m, states, self.batches[t], total)
            hw = m.matmul(prev[0], w_h, transb=True) + b_h
            states, kept = self.cell.step(m, xws[t], hw, prev)
            trace[t] = (prev[0], kept)
            ys[t] = states[0]
            if rest:
                states = [m.concat([s, r], 0) for s, r in zip(states, rest, strict=True)]
        return m.concat(ys, 0), states, trace

    def _grads(self, m: Any, inputs: tuple, trace: list, grad_outputs: Any,
               indexes: tuple[int, ...]) -> tuple:
        xw, w_h, b_h, *states0 = inputs
        gys, *carry = grad_outputs
        total = states0[0].shape[0]
        carry = [m.zeros_like(s) if g is None else g for g, s in zip(carry, states0, strict=True)]
        gys = [None] * len(trace) if gys is None else m.split(gys, self._bounds(), 0)
        g_xws: list[Any] = [None] * len(trace)
        g_hws: list[Any] = [None] * len(trace)
        for t in self._order(backward=True):
            g_states, rest = _heads(m, carry, self.batches[t], total)
            if gys[t] is not None:
                g_states[0] = g_states[0] + gys[t]
            g_xws[t], g_hws[t], carry = self.cell.grad(m, trace[t][1], g_states)
            gh = m.matmul(g_hws[t], w_h)
            carry[0] = gh if carry[0] is None else carry[0] + gh
            if rest:
                carry = [m.concat([g, r], 0) for g, r in zip(carry, rest, strict=True)]
        g_hw = m.concat(g_hws, 0)
        out = []
        for i in indexes:
            if i == 0:
                out.append(g_hw if self.cell.tied else m.concat(g_xws, 0))
            elif i == 1:
                out.append(m.matmul(g_hw, m.concat([p for p, _ in trace], 0), transa=True))
            elif i == 2:
                out.append(m.sum0(g_hw))
            else:
                out.append(carry[i - 3])
        return tuple(out)


def _heads(m: Any, states: list, batch: int, total: int) -> tuple[list, list]:
    """The first ``batch`` rows of each state, and the remaining rows (empty if none)."""
    if batch == total:
        return list(states), []
    pieces = [m.split(s, ((0, batch), (batch, total)), 0) for s in states]
    return [p[0] for p in pieces], [p[1] for p in pieces]
