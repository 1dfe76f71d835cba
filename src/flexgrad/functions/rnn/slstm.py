"""slstm: the S-LSTM unit of tree-structured LSTMs (two children), as Chainer computes it."""

from __future__ import annotations

from typing import Any

from ... import backends
from ...errors import expect_float, expect_same_dtype, fail
from ...variable import Variable
from ..activation.sigmoid import sigmoid
from ..activation.tanh import tanh
from ..array._args import array_arg
from ._math import VARIABLE_MATH
from .lstm import split_gates


def slstm(c_prev1: Variable | Any, c_prev2: Variable | Any, x1: Variable | Any,
          x2: Variable | Any) -> tuple[Variable, Variable]:
    """S-LSTM unit: an LSTM step that merges two child nodes of a binary tree.

    ``x1`` and ``x2`` hold gates ``a, i, f, o`` in :func:`lstm`'s interleaved layout;
    ``c = tanh(a1) sigmoid(i1) + tanh(a2) sigmoid(i2) + sigmoid(f1) c_prev1
    + sigmoid(f2) c_prev2`` and ``h = sigmoid(o1 + o2) tanh(c)``. This is what Chainer's
    code computes (its docstring writes ``tanh(a1 + a2) sigmoid(i1 + i2)``). A composite
    of flexgrad functions: it has no backward of its own.

    Args:
        c_prev1, c_prev2: the children's cell states, (B, N, ...).
        x1, x2: the gate pre-activations from each child, (B, 4N, ...).

    Returns:
        ``(c, h)``, each (B, N, ...).

    >>> import numpy as np, flexgrad.functions as F
    >>> c, h = F.slstm(np.ones((1, 1)), np.ones((1, 1)), np.zeros((1, 4)), np.zeros((1, 4)))
    >>> c.array, h.array.round(4)
    (array([[1.]]), array([[0.3808]]))
    """
    names = ("c_prev1", "c_prev2", "x1", "x2")
    arrays = [array_arg("slstm", n, v) for n, v in zip(names, (c_prev1, c_prev2, x1, x2),
                                                        strict=True)]
    expect_float("slstm", "c_prev1", arrays[0], backends.backend_of(arrays[0]))
    expect_same_dtype("slstm", names, arrays)
    shape = tuple(arrays[0].shape)
    if len(shape) < 2:
        fail("slstm", "c_prev1", "an array of 2 or more dims (batch, units, ...)", arrays[0])
    gates_shape = (shape[0], 4 * shape[1], *shape[2:])
    for name, a, expected in zip(names[1:], arrays[1:], (shape, gates_shape, gates_shape),
                                 strict=True):
        if tuple(a.shape) != expected:
            fail("slstm", name, f"shape {expected}", a)
    a1, i1, f1, o1 = split_gates(VARIABLE_MATH, x1)
    a2, i2, f2, o2 = split_gates(VARIABLE_MATH, x2)
    c = (tanh(a1) * sigmoid(i1) + tanh(a2) * sigmoid(i2)
         + sigmoid(f1) * c_prev1 + sigmoid(f2) * c_prev2)
    return c, sigmoid(o1 + o2) * tanh(c)
