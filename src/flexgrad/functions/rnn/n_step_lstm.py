"""n_step_lstm and n_step_bilstm: stacked LSTMs over time-major variable-length batches."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ...variable import Variable
from ._cells import LSTMCell
from ._n_step import Spec, n_step

# Chainer's W0..W3 (input) and W4..W7 (hidden) are the i, f, a, o gates, as in cuDNN; the
# cell's blocks are [a | i | f | o]. (Chainer's docstring swaps o and a; its code does not.)
_LSTM = Spec(LSTMCell(), (2, 0, 1, 3), (6, 4, 5, 7))

Weights = Sequence[Sequence[Any]]
Result = tuple[Variable, Variable, tuple[Variable, ...]]


def n_step_lstm(n_layers: int, dropout_ratio: float, hx: Any, cx: Any, ws: Weights,
                bs: Weights, xs: Sequence[Any]) -> Result:
    """Stacked uni-directional LSTM over a batch of variable-length sequences.

    For each layer, with ``x_t`` its input at time t (``xs[t]`` for the first layer,
    the previous layer's ``h_t`` after dropout for the others):
    ``i, f = sigmoid(W0 x + W4 h + b0 + b4), sigmoid(W1 x + W5 h + b1 + b5)``,
    ``a = tanh(W2 x + W6 h + b2 + b6)``, ``o = sigmoid(W3 x + W7 h + b3 + b7)``,
    ``c_t = f c_{t-1} + i a`` and ``h_t = o tanh(c_t)`` (the assignment Chainer's code
    and cuDNN use). The input projection of all time steps is one matrix product; only
    the recurrent part is stepped.

    Args:
        n_layers: the number of layers S.
        dropout_ratio: dropout on the input of every layer but the first (training only).
        hx, cx: the initial hidden and cell states, (S, B, N).
        ws: S lists of 8 matrices: ``ws[l][0:4]`` are (N, I) for the first layer and
            (N, N) above it, ``ws[l][4:8]`` are (N, N).
        bs: S lists of 8 vectors (N,).
        xs: time-major inputs: ``xs[t]`` is (B_t, I), B_t non-increasing (sort the
            sequences by length, descending, then transpose them).

    Returns:
        ``(hy, cy, ys)``: the final states (S, B, N) (for each sequence, after its last
        step) and a tuple of the last layer's outputs, ``ys[t]`` of shape (B_t, N).

    >>> import numpy as np, flexgrad.functions as F
    >>> ws = [[np.ones((2, 3))] * 4 + [np.ones((2, 2))] * 4]
    >>> bs = [[np.zeros(2)] * 8]
    >>> xs = [np.ones((2, 3)), np.ones((1, 3))]
    >>> hy, cy, ys = F.n_step_lstm(1, 0.0, np.zeros((1, 2, 2)), np.zeros((1, 2, 2)), ws, bs, xs)
    >>> hy.shape, cy.shape, [y.shape for y in ys]
    ((1, 2, 2), (1, 2, 2), [(2, 2), (1, 2)])
    """
    return n_step("n_step_lstm", _LSTM, n_layers, dropout_ratio, hx, cx, ws, bs, xs, 1)


def n_step_bilstm(n_layers: int, dropout_ratio: float, hx: Any, cx: Any, ws: Weights,
                  bs: Weights, xs: Sequence[Any]) -> Result:
    """Stacked bidirectional LSTM: :func:`n_step_lstm` forward and backward in time.

    ``hx``, ``cx``, ``ws`` and ``bs`` have ``2S`` entries, ``2 * l + d`` for layer ``l``
    and direction ``d`` (0 forward, 1 backward); above the first layer the input
    matrices are (N, 2N), as each layer reads both directions' outputs concatenated.
    ``ys[t]`` is (B_t, 2N): the forward then the backward output.

    >>> import numpy as np, flexgrad.functions as F
    >>> ws = [[np.ones((2, 3))] * 4 + [np.ones((2, 2))] * 4] * 2
    >>> bs = [[np.zeros(2)] * 8] * 2
    >>> hy, cy, ys = F.n_step_bilstm(1, 0.0, np.zeros((2, 1, 2)), np.zeros((2, 1, 2)), ws,
    ...                              bs, [np.ones((1, 3))])
    >>> hy.shape, ys[0].shape
    ((2, 1, 2), (1, 4))
    """
    return n_step("n_step_bilstm", _LSTM, n_layers, dropout_ratio, hx, cx, ws, bs, xs, 2)
