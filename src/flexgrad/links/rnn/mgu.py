"""MGU layers (minimal gated units): StatelessMGU and StatefulMGU."""

from __future__ import annotations

from typing import Any

from ... import backends
from ...functions.activation.sigmoid import sigmoid
from ...functions.activation.tanh import tanh
from ...functions.array.concat import concat
from ...functions.math.linear_interpolate import linear_interpolate
from ...link import Chain
from ...variable import Variable
from .. import _params
from ..connection.linear import Linear
from ._state import KeptState


class MGUBase(Chain):
    """The two layers of an MGU, Chainer's names: ``W_f`` (the forget gate) and ``W_h``
    (the candidate), each reading ``[h, x]`` (in_size + out_size features)."""

    def __init__(self, in_size: int, out_size: int) -> None:
        super().__init__()
        in_size = _params.size(self, "in_size", in_size)
        out_size = _params.size(self, "out_size", out_size)
        self.state_size = out_size
        with self.init_scope():
            self.W_f = Linear(in_size + out_size, out_size)
            self.W_h = Linear(in_size + out_size, out_size)

    def _step(self, h: Variable | Any, x: Variable | Any) -> Variable:
        """``f h_bar + (1 - f) h`` with ``f = sigmoid(W_f [h, x])`` and
        ``h_bar = tanh(W_h [f h, x])``."""
        f = sigmoid(self.W_f(concat([h, x], axis=1)))
        h_bar = tanh(self.W_h(concat([f * h, x], axis=1)))
        return linear_interpolate(f, h_bar, h)


class StatelessMGU(MGUBase):
    """MGU layer with the state as an argument: ``h_new = layer(h, x)``.

    Args:
        in_size, out_size: the input and state sizes.

    >>> import numpy as np, flexgrad.links as L
    >>> L.StatelessMGU(2, 3)(np.zeros((1, 3), np.float32), np.ones((1, 2), np.float32)).shape
    (1, 3)
    """

    def forward(self, h: Variable | Any, x: Variable | Any) -> Variable:
        """The new state from state ``h`` (B, out_size) and input ``x`` (B, in_size)."""
        return self._step(h, x)


class StatefulMGU(KeptState, MGUBase):
    """MGU layer that keeps its state ``h`` between calls (zeros at first) until
    :meth:`reset_state`. Arguments as :class:`StatelessMGU`.

    >>> import numpy as np, flexgrad.links as L
    >>> mgu = L.StatefulMGU(2, 3)
    >>> mgu(np.ones((1, 2), np.float32)).shape, mgu.h.shape
    ((1, 3), (1, 3))
    """

    _device_state = ("h",)

    def __init__(self, in_size: int, out_size: int) -> None:
        super().__init__(in_size, out_size)
        self.reset_state()

    def forward(self, x: Variable | Any) -> Variable:
        """One step: the new state for input ``x`` (B, in_size), also kept as ``.h``."""
        h = self.h
        if h is None:
            h = backends.zeros((x.shape[0], self.state_size), x)
        self.h = self._step(h, x)
        return self.h
