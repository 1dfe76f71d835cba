"""n_step_gru and n_step_bigru: stacked GRUs over time-major variable-length batches."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ...variable import Variable
from ._cells import GRUCell
from ._n_step import Spec, n_step

# W0..W2 (input) and W3..W5 (hidden) are the r, z and candidate blocks, in that order.
_GRU = Spec(GRUCell(), (0, 1, 2), (3, 4, 5))

Weights = Sequence[Sequence[Any]]


def n_step_gru(n_layers: int, dropout_ratio: float, hx: Any, ws: Weights, bs: Weights,
               xs: Sequence[Any]) -> tuple[Variable, tuple[Variable, ...]]:
    """Stacked uni-directional GRU over a batch of variable-length sequences.

    For each layer: ``r = sigmoid(W0 x + W3 h + b0 + b3)``,
    ``z = sigmoid(W1 x + W4 h + b1 + b4)``, ``h' = tanh(W2 x + b2 + r (W5 h + b5))`` and
    ``h_t = (1 - z) h' + z h_{t-1}``. Arguments as in :func:`n_step_lstm`, with 6
    matrices and 6 biases per layer (``ws[l][0:3]`` multiply the input) and no cell state.

    Returns:
        ``(hy, ys)``: the final hidden states (S, B, N) and the last layer's outputs.

    >>> import numpy as np, flexgrad.functions as F
    >>> ws = [[np.ones((2, 3))] * 3 + [np.ones((2, 2))] * 3]
    >>> hy, ys = F.n_step_gru(1, 0.0, np.zeros((1, 1, 2)), ws, [[np.zeros(2)] * 6],
    ...                       [np.ones((1, 3))])
    >>> hy.shape, ys[0].shape
    ((1, 1, 2), (1, 2))
    """
    hy, _, ys = n_step("n_step_gru", _GRU, n_layers, dropout_ratio, hx, None, ws, bs, xs, 1)
    return hy, ys


def n_step_bigru(n_layers: int, dropout_ratio: float, hx: Any, ws: Weights, bs: Weights,
                 xs: Sequence[Any]) -> tuple[Variable, tuple[Variable, ...]]:
    """Stacked bidirectional GRU: :func:`n_step_gru` forward and backward in time, laid
    out as :func:`n_step_bilstm` lays out its weights and outputs.

    >>> import numpy as np, flexgrad.functions as F
    >>> ws = [[np.ones((2, 3))] * 3 + [np.ones((2, 2))] * 3] * 2
    >>> hy, ys = F.n_step_bigru(1, 0.0, np.zeros((2, 1, 2)), ws, [[np.zeros(2)] * 6] * 2,
    ...                         [np.ones((1, 3))])
    >>> hy.shape, ys[0].shape
    ((2, 1, 2), (1, 4))
    """
    hy, _, ys = n_step("n_step_bigru", _GRU, n_layers, dropout_ratio, hx, None, ws, bs, xs, 2)
    return hy, ys
