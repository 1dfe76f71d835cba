"""StatefulZoneoutLSTM: an LSTM regularized by zoneout on its cell state and output."""

from __future__ import annotations

from typing import Any

from ...functions.noise.zoneout import zoneout
from ...functions.rnn.lstm import lstm
from ...variable import Variable
from ._stateful_lstm import StatefulLSTMBase


class StatefulZoneoutLSTM(StatefulLSTMBase):
    """Fully connected LSTM whose units keep their old ``c`` and ``h`` at random in
    training (:func:`flexgrad.functions.zoneout`), keeping the state between calls.

    One :func:`flexgrad.functions.lstm` step gives the candidates ``c~, h~`` from
    ``upward(x) + lateral(h)``; then ``c' = zoneout(c, c~, c_ratio)`` and
    ``h' = zoneout(h, h~, h_ratio)``, as Chainer's. In test mode it is a plain LSTM step.

    Args:
        in_size: input features, or None to take them from the first input.
        out_size: the number of units.
        c_ratio, h_ratio: the probabilities of keeping an old cell and output value.

    >>> import numpy as np, flexgrad.links as L
    >>> rnn = L.StatefulZoneoutLSTM(2, 3, c_ratio=0.2, h_ratio=0.3)
    >>> rnn(np.ones((1, 2), np.float32)).shape, rnn.c.shape
    ((1, 3), (1, 3))
    """

    def __init__(self, in_size: int | None, out_size: int, c_ratio: float = 0.5,
                 h_ratio: float = 0.5) -> None:
        super().__init__(in_size, out_size)
        self.c_ratio, self.h_ratio = c_ratio, h_ratio

    def forward(self, x: Variable | Any) -> Variable:
        """One step: the output ``h`` for input ``x`` (batch, in_size)."""
        gates = self._gates(x)
        c = self._zeros(gates) if self.c is None else self.c
        h = self._zeros(gates) if self.h is None else self.h
        c_next, h_next = lstm(c, gates)
        self.c = zoneout(c, c_next, self.c_ratio)
        self.h = zoneout(h, h_next, self.h_ratio)
        return self.h
