"""GRU layers: StatelessGRU (state as an argument), StatefulGRU and its alias GRU."""

from __future__ import annotations

from typing import Any

from ...functions.activation.sigmoid import sigmoid
from ...functions.activation.tanh import tanh
from ...functions.math.linear_interpolate import linear_interpolate
from ...link import Chain
from ...variable import Variable
from .. import _params
from ..connection.linear import Linear
from ._state import KeptState


class GRUBase(Chain):
    """The six layers of a GRU, Chainer's names: ``W_r``/``U_r`` (reset gate),
    ``W_z``/``U_z`` (update gate), ``W``/``U`` (candidate); ``W_*`` read the input."""

    def __init__(self, in_size: int, out_size: int, init: Any = None, inner_init: Any = None,
                 bias_init: Any = None) -> None:
        super().__init__()
        in_size = _params.size(self, "in_size", in_size, lazy=True)
        out_size = _params.size(self, "out_size", out_size)
        self.state_size = out_size
        with self.init_scope():
            for gate in ("W_r", "W_z", "W"):
                setattr(self, gate, Linear(in_size, out_size, initialW=init,
                                           initial_bias=bias_init))
            for gate in ("U_r", "U_z", "U"):
                setattr(self, gate, Linear(out_size, out_size, initialW=inner_init,
                                           initial_bias=bias_init))

    def _step(self, h: Variable | Any, x: Variable | Any) -> Variable:
        """``z h_bar + (1 - z) h`` with ``h_bar = tanh(W x + U (r h))``, as Chainer."""
        r = sigmoid(self.W_r(x) + self.U_r(h))
        z = sigmoid(self.W_z(x) + self.U_z(h))
        h_bar = tanh(self.W(x) + self.U(r * h))
        return linear_interpolate(z, h_bar, h)


class StatelessGRU(GRUBase):
    """GRU layer with the state as an argument: ``h_new = layer(h, x)``.

    Args:
        in_size, out_size: the input and state sizes.
        init, inner_init: initializers of the ``W_*`` and ``U_*`` weights.
        bias_init: initializer of every bias (zeros when None).

    >>> import numpy as np, flexgrad.links as L
    >>> L.StatelessGRU(2, 3)(np.zeros((1, 3), np.float32), np.ones((1, 2), np.float32)).shape
    (1, 3)
    """

    def forward(self, h: Variable | Any, x: Variable | Any) -> Variable:
        """The new state from state ``h`` (B, out_size) and input ``x`` (B, in_size)."""
        return self._step(h, x)


class StatefulGRU(KeptState, GRUBase):
    """GRU layer that keeps its state ``h`` between calls until :meth:`reset_state`.

    Arguments as :class:`StatelessGRU`; with no state the step is ``z * h_bar``, as in
    Chainer.

    >>> import numpy as np, flexgrad.links as L
    >>> gru = L.StatefulGRU(2, 3)
    >>> gru(np.ones((1, 2), np.float32)).shape, gru.h.shape
    ((1, 3), (1, 3))
    """

    _device_state = ("h",)

    def __init__(self, in_size: int, out_size: int, init: Any = None, inner_init: Any = None,
                 bias_init: Any = None) -> None:
        super().__init__(in_size, out_size, init, inner_init, bias_init)
        self.reset_state()

    def forward(self, x: Variable | Any) -> Variable:
        """One step: the new state for input ``x`` (B, in_size), also kept as ``.h``."""
        if self.h is None:
            self.h = sigmoid(self.W_z(x)) * tanh(self.W(x))
        else:
            self.h = self._step(self.h, x)
        return self.h


GRU = StatefulGRU
