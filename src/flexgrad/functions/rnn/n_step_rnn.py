"""n_step_rnn and n_step_birnn: stacked Elman RNNs over time-major variable-length batches."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ...errors import fail
from ...variable import Variable
from ._cells import RNNCell
from ._n_step import Spec, n_step

_RNN = {name: Spec(RNNCell(name), (0,), (1,)) for name in ("tanh", "relu")}

Weights = Sequence[Sequence[Any]]


def _spec(fn: str, activation: Any) -> Spec:
    if activation not in _RNN:
        fail(fn, "activation", "'tanh' or 'relu'", f"{activation!r}")
    return _RNN[activation]


def n_step_rnn(n_layers: int, dropout_ratio: float, hx: Any, ws: Weights, bs: Weights,
               xs: Sequence[Any], activation: str = "tanh") -> tuple[Variable, tuple]:
    """Stacked uni-directional Elman RNN: ``h_t = f(W0 x_t + W1 h_{t-1} + b0 + b1)``.

    Arguments as in :func:`n_step_lstm`, with 2 matrices and 2 biases per layer and no
    cell state; ``activation`` is ``'tanh'`` or ``'relu'``.

    Returns:
        ``(hy, ys)``: the final hidden states (S, B, N) and the last layer's outputs.

    >>> import numpy as np, flexgrad.functions as F
    >>> hy, ys = F.n_step_rnn(1, 0.0, np.zeros((1, 1, 2)), [[np.ones((2, 3)), np.eye(2)]],
    ...                       [[np.zeros(2), np.zeros(2)]], [np.ones((1, 3))], 'relu')
    >>> ys[0].array
    array([[3., 3.]])
    """
    spec = _spec("n_step_rnn", activation)
    hy, _, ys = n_step("n_step_rnn", spec, n_layers, dropout_ratio, hx, None, ws, bs, xs, 1)
    return hy, ys


def n_step_birnn(n_layers: int, dropout_ratio: float, hx: Any, ws: Weights, bs: Weights,
                 xs: Sequence[Any], activation: str = "tanh") -> tuple[Variable, tuple]:
    """Stacked bidirectional Elman RNN: :func:`n_step_rnn` forward and backward in time,
    laid out as :func:`n_step_bilstm` lays out its weights and outputs.

    >>> import numpy as np, flexgrad.functions as F
    >>> w, b = [np.ones((2, 3)), np.eye(2)], [np.zeros(2), np.zeros(2)]
    >>> hy, ys = F.n_step_birnn(1, 0.0, np.zeros((2, 1, 2)), [w, w], [b, b],
    ...                         [np.ones((1, 3))])
    >>> ys[0].shape
    (1, 4)
    """
    spec = _spec("n_step_birnn", activation)
    hy, _, ys = n_step("n_step_birnn", spec, n_layers, dropout_ratio, hx, None, ws, bs, xs, 2)
    return hy, ys
