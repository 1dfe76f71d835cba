"""Maxout: the maximum over pools of a linear layer's outputs."""

from __future__ import annotations

from typing import Any

from ...functions.activation.maxout import maxout
from ...link import Chain
from ...variable import Variable
from ..connection.linear import Linear


class Maxout(Chain):
    """A fully connected maxout layer: ``maxout(linear(x), pool_size)``.

    Args:
        in_size: input features (None: from the first input).
        out_size: output features.
        pool_size: the linear units each output takes the maximum of.
        initialW: initializer of ``linear.W`` (out_size * pool_size, in_size).
        initial_bias: initializer of ``linear.b``; None means no bias.

    >>> import numpy as np, flexgrad.links as L
    >>> L.Maxout(3, 2, 4)(np.ones((5, 3), np.float32)).shape
    (5, 2)
    """

    def __init__(self, in_size: int | None, out_size: int, pool_size: int,
                 initialW: Any = None, initial_bias: Any = 0) -> None:
        super().__init__()
        self.out_size, self.pool_size = out_size, pool_size
        with self.init_scope():
            self.linear = Linear(in_size, out_size * pool_size, nobias=initial_bias is None,
                                 initialW=initialW, initial_bias=initial_bias)

    def forward(self, x: Variable | Any) -> Variable:
        """The maxout of ``x`` (B, in_size): (B, out_size)."""
        return maxout(self.linear(x), self.pool_size)
