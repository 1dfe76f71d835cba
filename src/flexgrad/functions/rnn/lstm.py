"""lstm: Chainer's LSTM unit as an activation function, with its interleaved gate layout."""

from __future__ import annotations

from typing import Any

from ...configuration import config
from ...errors import expect_float, expect_same_dtype, fail
from ...function_node import FunctionNode
from ...variable import Variable, _new_constant
from ..array._args import array_arg
from ._cells import lstm_grad, lstm_state
from ._math import VARIABLE_MATH, ArrayMath


def split_gates(m: Any, x: Any) -> tuple[Any, Any, Any, Any]:
    """Chainer's layout: column ``4 * j + k`` of ``x`` is gate ``k`` (a, i, f, o) of unit
    ``j``, so the gates are the four interleaved slices of ``x`` reshaped to (B, N, 4)."""
    shape = tuple(x.shape)
    z = m.reshape(x, (shape[0], shape[1] // 4, 4, *shape[2:]))
    return tuple(z[:, :, k, ...] for k in range(4))


class LSTM(FunctionNode):
    """``(c_prev, x) -> (c, h)``; rows of ``c_prev`` past ``len(x)`` pass through."""

    __slots__ = ("_kept",)

    def forward(self, inputs):
        _check(*inputs, self.backend)
        self.retain_inputs((0, 1))
        c, h, self._kept = _step(ArrayMath(self.backend), *inputs)
        return c, h

    def backward(self, indexes, grad_outputs):
        gc, gh = grad_outputs
        if config.enable_backprop:  # double backprop: recompute, recorded, from Variables
            m = VARIABLE_MATH
            c_prev, x = self.get_retained_inputs()
            kept = _step(m, c_prev, x)[2]
        else:
            m = ArrayMath(self.backend)
            c_prev, x = self.get_retained_arrays()
            kept = self._kept
            gc = None if gc is None else gc.array
            gh = None if gh is None else gh.array
        batch, total = x.shape[0], c_prev.shape[0]
        gc_rest = None
        if gc is not None and batch < total:
            gc, gc_rest = m.split(gc, ((0, batch), (batch, total)), 0)
        gc_prev, gates = lstm_grad(m, kept, gc, gh)
        grads = []
        for i in indexes:
            if i == 0:
                if batch < total:
                    rest = m.zeros_like(c_prev[batch:, ...]) if gc_rest is None else gc_rest
                    gc_prev = m.concat([gc_prev, rest], 0)
                grads.append(gc_prev)
            else:
                grads.append(m.reshape(m.stack(gates, 2), tuple(x.shape)))
        if m is VARIABLE_MATH:
            return tuple(grads)
        return tuple(_new_constant(g) for g in grads)

    def release(self) -> None:
        super().release()
        self._kept = None


def _step(m: Any, c_prev: Any, x: Any) -> tuple[Any, Any, tuple]:
    """``(c, h, kept)``: the LSTM step, and what its gradient needs (see ``lstm_grad``)."""
    batch, total = x.shape[0], c_prev.shape[0]
    z_a, z_i, z_f, z_o = split_gates(m, x)
    a = m.tanh(z_a)
    ifo = (m.sigmoid(z_i), m.sigmoid(z_f), m.sigmoid(z_o))
    top = c_prev if batch == total else c_prev[:batch, ...]
    c, tc, h = lstm_state(m, a, ifo, top)
    if batch < total:
        c = m.concat([c, c_prev[batch:, ...]], 0)
    return c, h, (a, *ifo, top, tc)


def _check(c_prev: Any, x: Any, backend: Any) -> None:
    expect_float("lstm", "c_prev", c_prev, backend)
    expect_same_dtype("lstm", ("c_prev", "x"), (c_prev, x))
    if c_prev.ndim < 2:
        fail("lstm", "c_prev", "an array of 2 or more dims (batch, units, ...)", c_prev)
    shape, x_shape = tuple(c_prev.shape), tuple(x.shape)
    expected = (shape[1] * 4, *shape[2:])
    if x.ndim != c_prev.ndim or x_shape[1:] != expected or x_shape[0] > shape[0]:
        fail("lstm", "x", f"shape (B, {', '.join(map(str, expected))}) with B <= "
             f"{shape[0]} (4 gate columns per unit of c_prev)", x)


def lstm(c_prev: Variable | Any, x: Variable | Any) -> tuple[Variable, Variable]:
    """Long short-term memory unit with a forget gate, Chainer's layout and semantics.

    Column ``4 * j + k`` of ``x`` is gate ``k`` of unit ``j``: ``a`` (cell input), ``i``
    (input gate), ``f`` (forget gate), ``o`` (output gate). Then
    ``c = tanh(a) * sigmoid(i) + sigmoid(f) * c_prev`` and ``h = sigmoid(o) * tanh(c)``.
    ``x`` may have fewer rows than ``c_prev`` (sequences sorted by length, descending):
    then only ``c[:len(x)]`` is updated and ``c[len(x):]`` is ``c_prev[len(x):]``.

    Args:
        c_prev: the previous cell state, (B, N, ...).
        x: the gate pre-activations, (B', 4N, ...) with B' <= B.

    Returns:
        ``(c, h)``: the new cell state (B, N, ...) and the output (B', N, ...).

    >>> import numpy as np, flexgrad.functions as F
    >>> c, h = F.lstm(np.zeros((2, 1)), np.array([[20.0, 20.0, -20.0, 20.0]]))
    >>> c.array, h.array.round(4)
    (array([[1.],
           [0.]]), array([[0.7616]]))
    """
    array_arg("lstm", "c_prev", c_prev)
    array_arg("lstm", "x", x)
    return LSTM().apply((c_prev, x))
