"""Highway: a gated mix of a transformed input and the input itself."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...functions.activation.relu import relu
from ...functions.activation.sigmoid import sigmoid
from ...link import Chain
from ...variable import Variable, as_variable
from .. import _params
from .linear import Linear


class Highway(Chain):
    """Highway layer: ``activate(plain(x)) * t + x * (1 - t)`` with
    ``t = sigmoid(transform(x))``.

    Args:
        in_out_size: the size of the input and of the output.
        nobias: when True neither linear layer has a bias.
        activate: the activation of the plain path (ReLU).
        init_Wh, init_bh: initializers of ``plain.W`` and ``plain.b``.
        init_Wt, init_bt: initializers of ``transform.W`` and ``transform.b`` (-1: the gate
            starts mostly closed, passing ``x`` through).

    >>> import numpy as np, flexgrad.links as L
    >>> L.Highway(3)(np.ones((2, 3), np.float32)).shape
    (2, 3)
    """

    def __init__(self, in_out_size: int, nobias: bool = False, activate: Callable = relu,
                 init_Wh: Any = None, init_Wt: Any = None, init_bh: Any = None,
                 init_bt: Any = -1) -> None:
        super().__init__()
        in_out_size = _params.size(self, "in_out_size", in_out_size)
        self.activate = activate
        with self.init_scope():
            self.plain = Linear(in_out_size, in_out_size, nobias=nobias, initialW=init_Wh,
                                initial_bias=init_bh)
            self.transform = Linear(in_out_size, in_out_size, nobias=nobias,
                                    initialW=init_Wt, initial_bias=init_bt)

    def forward(self, x: Variable | Any) -> Variable:
        """The highway output for ``x`` (B, in_out_size)."""
        x = as_variable(x)  # ``array * Variable`` fails on array_api_strict
        t = sigmoid(self.transform(x))
        return self.activate(self.plain(x)) * t + x * (1 - t)
