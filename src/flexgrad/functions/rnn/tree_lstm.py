"""tree_lstm: the TreeLSTM unit (child-sum and N-ary), Chainer's block gate layout."""

from __future__ import annotations

from typing import Any

from ... import backends
from ...errors import expect_float, expect_same_dtype, fail
from ...variable import Variable
from ..activation.sigmoid import sigmoid
from ..activation.tanh import tanh
from ..array._args import array_arg
from ..array.split_axis import split_axis


def tree_lstm(*inputs: Variable | Any) -> tuple[Variable, Variable]:
    """TreeLSTM unit: merges the cell states of N child nodes into their parent's.

    ``inputs`` are the children's cell states ``c_1, ..., c_N``, each (B, U, ...), then
    ``x`` (B, (3 + N) U, ...): the pre-activations of ``a`` (cell input), ``i`` (input
    gate), ``o`` (output gate) and one forget gate ``f_n`` per child, in that order, each
    a block of ``U`` columns (not interleaved as :func:`lstm`'s). Then
    ``c = tanh(a) sigmoid(i) + sum_n sigmoid(f_n) c_n`` and ``h = sigmoid(o) tanh(c)``.
    With no children (only ``x``, 3 U columns: a leaf) ``c = tanh(a) sigmoid(i)``.
    A composite of flexgrad functions: it has no backward of its own.

    Returns:
        ``(c, h)``, each (B, U, ...).

    >>> import numpy as np, flexgrad.functions as F
    >>> c, h = F.tree_lstm(np.ones((1, 1)), np.ones((1, 1)), np.zeros((1, 5)))
    >>> c.array, h.array.round(4)
    (array([[1.]]), array([[0.3808]]))
    """
    _check(inputs)
    cs, x = inputs[:-1], inputs[-1]
    a, i, o, *fs = split_axis(x, 3 + len(cs), axis=1)
    c = tanh(a) * sigmoid(i)
    for f, child in zip(fs, cs, strict=True):
        c = c + sigmoid(f) * child
    return c, sigmoid(o) * tanh(c)


def _check(inputs: tuple[Any, ...]) -> None:
    """``inputs`` follow Chainer's rules: float arrays of one dtype, shapes that agree."""
    if not inputs:
        fail("tree_lstm", "inputs", "the children's cell states, then x", "no inputs",
             kind="type")
    names = [f"c_{n + 1}" for n in range(len(inputs) - 1)] + ["x"]
    arrays = [array_arg("tree_lstm", n, v) for n, v in zip(names, inputs, strict=True)]
    x = arrays[-1]
    expect_float("tree_lstm", "x", x, backends.backend_of(x))
    expect_same_dtype("tree_lstm", names[::-1], arrays[::-1])
    if x.ndim < 2 or x.shape[1] % (3 + len(arrays) - 1):
        fail("tree_lstm", "x", f"an array (B, (3 + N) U, ...) for N = {len(arrays) - 1} "
             "children", x)
    units = x.shape[1] // (3 + len(arrays) - 1)
    expected = (x.shape[0], units, *x.shape[2:])
    for name, c in zip(names, arrays[:-1], strict=False):
        if tuple(c.shape) != expected:
            fail("tree_lstm", name, f"shape {expected} (x has {x.shape[1]} = (3 + "
                 f"{len(arrays) - 1}) * {units} columns)", c)
