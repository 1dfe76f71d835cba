"""StatefulPeepholeLSTM: an LSTM whose gates also look at the cell state."""

from __future__ import annotations

from typing import Any

from ...functions.activation.sigmoid import sigmoid
from ...functions.activation.tanh import tanh
from ...functions.rnn._math import VARIABLE_MATH
from ...functions.rnn.lstm import split_gates
from ...variable import Variable
from ..connection.linear import Linear
from ._stateful_lstm import StatefulLSTMBase


class StatefulPeepholeLSTM(StatefulLSTMBase):
    """Fully connected LSTM with peephole connections, keeping ``c`` and ``h`` between
    calls until :meth:`reset_state`, as Chainer's.

    With gates ``a, i, f, o`` from ``upward(x) + lateral(h)``:
    ``c' = tanh(a) sigmoid(i + peep_i(c)) + sigmoid(f + peep_f(c)) c`` and
    ``h' = sigmoid(o + peep_o(c')) tanh(c')``.

    Args:
        in_size: input features, or None to take them from the first input.
        out_size: the number of units.

    Its layers, Chainer's names: ``upward`` (in_size to 4 out_size, with bias),
    ``lateral`` (out_size to 4 out_size) and ``peep_i``, ``peep_f``, ``peep_o`` (out_size
    to out_size), all but ``upward`` without bias.

    >>> import numpy as np, flexgrad.links as L
    >>> rnn = L.StatefulPeepholeLSTM(2, 3)
    >>> rnn(np.ones((1, 2), np.float32)).shape, rnn.c.shape
    ((1, 3), (1, 3))
    """

    def __init__(self, in_size: int | None, out_size: int) -> None:
        super().__init__(in_size, out_size)
        with self.init_scope():
            for name in ("peep_i", "peep_f", "peep_o"):
                setattr(self, name, Linear(out_size, out_size, nobias=True))

    def forward(self, x: Variable | Any) -> Variable:
        """One step: the output ``h`` for input ``x`` (batch, in_size)."""
        gates = self._gates(x)
        c = self._zeros(gates) if self.c is None else self.c
        a, i, f, o = split_gates(VARIABLE_MATH, gates)
        self.c = (tanh(a) * sigmoid(i + self.peep_i(c))
                  + sigmoid(f + self.peep_f(c)) * c)
        self.h = sigmoid(o + self.peep_o(self.c)) * tanh(self.c)
        return self.h
