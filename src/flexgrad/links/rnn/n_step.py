"""NStepLSTM, NStepBiLSTM, NStepGRU, NStepBiGRU, NStepRNNTanh (and ReLU, Bi-): stacked
RNNs over batches of variable-length sequences, with Chainer's parameter layout."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ... import backends
from ...functions.array.separate import separate
from ...functions.array.stack import stack
from ...functions.array.transpose_sequence import transpose_sequence
from ...functions.rnn.n_step_gru import n_step_bigru, n_step_gru
from ...functions.rnn.n_step_lstm import n_step_bilstm, n_step_lstm
from ...functions.rnn.n_step_rnn import n_step_birnn, n_step_rnn
from ...link import ChainList, Link
from ...variable import Parameter, Variable
from .. import _params


class NStepRNNBase(ChainList):
    """``n_layers`` (times 2 when bidirectional) links ``/0``, ``/1``... each holding
    ``w0, b0, w1, b1, ...``: the first half of the weights read the layer's input, the
    rest the layer's state. Child ``2 * l + d`` is layer ``l``, direction ``d``.

    Args:
        n_layers: the number of layers.
        in_size: the input size of the first layer.
        out_size: the state size (per direction).
        dropout: dropout ratio on the input of every layer but the first.
        initialW: initializer of every weight (LeCunNormal when None).
        initial_bias: initializer of every bias (zeros when None).
    """

    n_weights = 0
    bidirectional = False
    use_cell = False

    def __init__(self, n_layers: int, in_size: int, out_size: int, dropout: float,
                 initialW: Any = None, initial_bias: Any = None) -> None:
        super().__init__()
        n_layers = _params.size(self, "n_layers", n_layers)
        in_size = _params.size(self, "in_size", in_size)
        out_size = _params.size(self, "out_size", out_size)
        self.n_layers, self.out_size, self.dropout = n_layers, out_size, dropout
        self.direction = 2 if self.bidirectional else 1
        half = self.n_weights // 2
        for layer in range(n_layers):
            below = in_size if layer == 0 else out_size * self.direction
            for _ in range(self.direction):
                weights = Link()
                with weights.init_scope():
                    for j in range(self.n_weights):
                        shape = (out_size, below if j < half else out_size)
                        setattr(weights, f"w{j}", Parameter(_params.weight(initialW), shape))
                        setattr(weights, f"b{j}", Parameter(_params.bias(initial_bias),
                                                             out_size))
                self.append(weights)

    function: Callable  # the flexgrad function a subclass runs

    def _options(self) -> dict:
        """Keyword arguments of the function beyond the shared ones."""
        return {}

    def _run(self, hx: Any, cx: Any, xs: Sequence[Any]) -> tuple[Any, Any, list]:
        """Sort ``xs`` by length, run the function time-major, and restore the order."""
        order = sorted(range(len(xs)), key=lambda i: -xs[i].shape[0])
        inverse = sorted(range(len(xs)), key=order.__getitem__)
        shape = (self.n_layers * self.direction, len(xs), self.out_size)
        x0 = xs[0]
        states = [backends.zeros(shape, x0) if h is None else _reorder(h, order)
                  for h in ((hx, cx) if self.use_cell else (hx,))]
        names = range(self.n_weights)
        ws = [[getattr(link, f"w{j}") for j in names] for link in self]
        bs = [[getattr(link, f"b{j}") for j in names] for link in self]
        steps = transpose_sequence([xs[i] for i in order])
        out = self.function(self.n_layers, self.dropout, *states, ws, bs, steps,
                            **self._options())
        ys = transpose_sequence(out[-1])
        return (_reorder(out[0], inverse), _reorder(out[1], inverse) if self.use_cell else None,
                [ys[i] for i in inverse])


def _reorder(h: Variable | Any, order: list[int]) -> Variable | Any:
    """``h`` (S, B, N) with its batch rows taken in ``order``."""
    if order == sorted(order):
        return h
    rows = separate(h, axis=1)
    return stack([rows[i] for i in order], axis=1)


class _NStepLSTMBase(NStepRNNBase):
    n_weights = 8
    use_cell = True

    def forward(self, hx: Any, cx: Any, xs: Sequence[Any]) -> tuple[Variable, Variable, list]:
        """``(hy, cy, ys)`` for states ``hx``, ``cx`` (S, B, N) or None (zeros) and the
        sequences ``xs`` (a list of (T_i, in_size), any order): ``ys[i]`` is (T_i, N)
        (2N when bidirectional)."""
        return self._run(hx, cx, xs)


class _NStepStatesBase(NStepRNNBase):
    def forward(self, hx: Any, xs: Sequence[Any]) -> tuple[Variable, list]:
        """``(hy, ys)`` for state ``hx`` (S, B, N) or None and the sequences ``xs``."""
        hy, _, ys = self._run(hx, None, xs)
        return hy, ys


class NStepLSTM(_NStepLSTMBase):
    """Stacked LSTM over variable-length sequences (see :func:`flexgrad.functions.n_step_lstm`).

    Arguments as :class:`NStepRNNBase`.

    >>> import numpy as np, flexgrad.links as L
    >>> rnn = L.NStepLSTM(1, 3, 2, 0.0)
    >>> hy, cy, ys = rnn(None, None, [np.ones((1, 3), np.float32), np.ones((2, 3), np.float32)])
    >>> hy.shape, [y.shape for y in ys]
    ((1, 2, 2), [(1, 2), (2, 2)])
    """

    function = staticmethod(n_step_lstm)


class NStepBiLSTM(_NStepLSTMBase):
    """Stacked bidirectional LSTM (see :func:`flexgrad.functions.n_step_bilstm`)."""

    bidirectional = True

    function = staticmethod(n_step_bilstm)


class NStepGRU(_NStepStatesBase):
    """Stacked GRU over variable-length sequences (see :func:`flexgrad.functions.n_step_gru`).

    >>> import numpy as np, flexgrad.links as L
    >>> hy, ys = L.NStepGRU(2, 3, 2, 0.0)(None, [np.ones((4, 3), np.float32)])
    >>> hy.shape, ys[0].shape
    ((2, 1, 2), (4, 2))
    """

    n_weights = 6

    function = staticmethod(n_step_gru)


class NStepBiGRU(NStepGRU):
    """Stacked bidirectional GRU (see :func:`flexgrad.functions.n_step_bigru`)."""

    bidirectional = True

    function = staticmethod(n_step_bigru)


class NStepRNNTanh(_NStepStatesBase):
    """Stacked Elman RNN with tanh (see :func:`flexgrad.functions.n_step_rnn`)."""

    n_weights = 2
    activation = "tanh"

    function = staticmethod(n_step_rnn)

    def _options(self) -> dict:
        return {"activation": self.activation}


class NStepRNNReLU(NStepRNNTanh):
    """Stacked Elman RNN with ReLU."""

    activation = "relu"


class NStepBiRNNTanh(NStepRNNTanh):
    """Stacked bidirectional Elman RNN with tanh (see :func:`flexgrad.functions.n_step_birnn`)."""

    bidirectional = True

    function = staticmethod(n_step_birnn)


class NStepBiRNNReLU(NStepBiRNNTanh):
    """Stacked bidirectional Elman RNN with ReLU."""

    activation = "relu"
