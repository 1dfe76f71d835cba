"""What StatefulPeepholeLSTM and StatefulZoneoutLSTM share: Chainer's ``upward`` and
``lateral`` layers and the cell state ``c`` and output ``h`` kept between calls."""

from __future__ import annotations

from typing import Any

from ... import backends
from ...link import Chain
from ...variable import Variable
from .. import _params
from ..connection.linear import Linear
from ._state import KeptState


class StatefulLSTMBase(KeptState, Chain):
    """``upward`` (x to the gates, zero bias) and ``lateral`` (h to the gates, no bias),
    in :func:`flexgrad.functions.lstm`'s interleaved gate layout (a, i, f, o)."""

    _device_state = ("c", "h")

    def __init__(self, in_size: int | None, out_size: int) -> None:
        super().__init__()
        in_size = _params.size(self, "in_size", in_size, lazy=True)
        out_size = _params.size(self, "out_size", out_size)
        self.state_size = out_size
        with self.init_scope():
            self.upward = Linear(in_size, 4 * out_size)
            self.lateral = Linear(out_size, 4 * out_size, nobias=True)
        self.reset_state()

    def _gates(self, x: Variable | Any) -> Variable:
        """``upward(x) + lateral(h)`` (no lateral term before the first step)."""
        if not self.upward.W.is_initialized:
            _params.adopt_device(self, x)  # every layer follows the first input
        gates = self.upward(x)
        return gates if self.h is None else gates + self.lateral(self.h)

    def _zeros(self, gates: Variable) -> Any:
        """A zero state (batch, out_size) for ``gates``' batch, backend and dtype."""
        return backends.zeros((gates.shape[0], self.state_size), gates)
