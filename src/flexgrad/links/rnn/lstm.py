"""LSTM and StatelessLSTM: fully connected LSTM layers (with and without kept state)."""

from __future__ import annotations

from typing import Any

from ... import backends
from ...errors import fail
from ...functions.array.concat import concat
from ...functions.array.split_axis import split_axis
from ...functions.rnn.lstm import lstm
from ...link import Chain
from ...variable import Variable
from .. import _params
from ..connection.linear import Linear
from ._state import KeptState


class LSTMBase(Chain):
    """The layers of an LSTM: ``upward`` (x to the gates, with the bias) and ``lateral``
    (h to the gates), in Chainer's gate layout, column ``4 * j + k`` is gate ``k`` of unit
    ``j`` (a, i, f, o)."""

    def __init__(self, in_size: int | None, out_size: int | None = None,
                 lateral_init: Any = None, upward_init: Any = None, bias_init: Any = None,
                 forget_bias_init: Any = None) -> None:
        super().__init__()
        if out_size is None:
            in_size, out_size = None, in_size
        in_size = _params.size(self, "in_size", in_size, lazy=True)
        out_size = _params.size(self, "out_size", out_size)
        self.state_size = out_size
        bias = 0.0 if bias_init is None else float(bias_init)
        forget = 1.0 if forget_bias_init is None else float(forget_bias_init)
        xp = self.device.backend.xp
        # a, i, f, o in float64, so the Constant casts them exactly to the bias's dtype
        gate = xp.asarray([bias, bias, forget, bias], dtype=xp.float64)
        with self.init_scope():
            self.upward = Linear(in_size, 4 * out_size, initialW=upward_init,
                                 initial_bias=xp.tile(gate, (out_size,)))
            self.lateral = Linear(out_size, 4 * out_size, initialW=lateral_init, nobias=True)

    def _gates(self, x: Variable | Any, h: Variable | Any) -> Variable:
        """``upward(x) + lateral(h)`` (no lateral term when ``h`` is None)."""
        if not self.upward.W.is_initialized:
            _params.adopt_device(self, x)  # the lateral weights follow the input too
        gates = self.upward(x)
        return gates if h is None else gates + self.lateral(h)


class StatelessLSTM(LSTMBase):
    """LSTM layer that takes its state as arguments: ``c, h = layer(c, h, x)``.

    Arguments as :class:`LSTM`.

    >>> import numpy as np, flexgrad.links as L
    >>> c, h = L.StatelessLSTM(2, 3)(None, None, np.ones((1, 2), dtype=np.float32))
    >>> c.shape, h.shape
    ((1, 3), (1, 3))
    """

    def forward(self, c: Variable | Any, h: Variable | Any,
                x: Variable | Any) -> tuple[Variable, Variable]:
        """One step from cell state ``c`` and output ``h`` (None: zeros) on input ``x``."""
        gates = self._gates(x, h)
        if c is None:
            c = backends.zeros((x.shape[0], self.state_size), gates)
        return lstm(c, gates)


class LSTM(KeptState, LSTMBase):
    """Stateful LSTM layer: ``upward(x) + lateral(h)`` through :func:`flexgrad.functions.lstm`.

    The cell state ``c`` and output ``h`` are kept between calls until :meth:`reset_state`.
    A batch smaller than the state's updates only its first rows (sequences sorted by
    length, longest first), as in Chainer.

    Args:
        in_size: input features, or None to take them from the first input.
            ``LSTM(out_size)`` alone means ``in_size=None``.
        out_size: the number of units.
        lateral_init, upward_init: initializers of ``lateral.W`` and ``upward.W``.
        bias_init: the bias (a scalar) of the cell input and the i, o gates (0 when None).
        forget_bias_init: the bias (a scalar) of the forget gate (1 when None).

    >>> import numpy as np, flexgrad.links as L
    >>> rnn = L.LSTM(2, 3)
    >>> rnn(np.ones((1, 2), dtype=np.float32)).shape, rnn.c.shape
    ((1, 3), (1, 3))
    """

    _device_state = ("c", "h")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.reset_state()

    def forward(self, x: Variable | Any) -> Variable:
        """One step: the output ``h`` for input ``x`` (batch, in_size)."""
        batch = x.shape[0]
        h, h_rest = self.h, None
        if h is not None:
            if h.shape[0] < batch:
                fail("LSTM", "x", f"a batch of at most {h.shape[0]} rows (the state's batch)",
                     x, kind="type")
            if h.shape[0] > batch:
                h, h_rest = split_axis(h, [batch], axis=0)
        lstm_in = self._gates(x, h)
        if self.c is None:
            self.c = backends.zeros((batch, self.state_size), lstm_in)
        self.c, y = lstm(self.c, lstm_in)
        self.h = y if h_rest is None else concat([y, h_rest], axis=0)
        return y
