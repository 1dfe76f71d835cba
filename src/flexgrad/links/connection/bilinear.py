"""Bilinear: a learned bilinear form of two inputs."""

from __future__ import annotations

from typing import Any

from ...functions.connection.bilinear import bilinear
from ...link import Link
from ...variable import Parameter, Variable
from .. import _params


class Bilinear(Link):
    """``e1 W e2 + e1 V1 + e2 V2 + b`` (see :func:`flexgrad.functions.bilinear`).

    Args:
        left_size, right_size: the sizes of ``e1`` and ``e2``.
        out_size: the output size.
        nobias: when True only ``e1 W e2`` (no ``V1``, ``V2``, ``b``).
        initialW: initializer of ``W`` (left_size, right_size, out_size); LeCunNormal.
        initial_bias: a tuple of the initializers of ``V1``, ``V2`` and ``b``; None means
            LeCunNormal, LeCunNormal and zeros.

    >>> import numpy as np, flexgrad.links as L
    >>> layer = L.Bilinear(2, 3, 4, nobias=True, initialW=1.0)
    >>> layer(np.ones((1, 2), np.float32), np.ones((1, 3), np.float32)).array
    array([[6., 6., 6., 6.]], dtype=float32)
    """

    def __init__(self, left_size: int, right_size: int, out_size: int, nobias: bool = False,
                 initialW: Any = None, initial_bias: Any = None) -> None:
        super().__init__()
        left_size = _params.size(self, "left_size", left_size)
        right_size = _params.size(self, "right_size", right_size)
        out_size = _params.size(self, "out_size", out_size)
        self.in_sizes, self.out_size, self.nobias = (left_size, right_size), out_size, nobias
        V1, V2, b = (None, None, None) if initial_bias is None else initial_bias
        with self.init_scope():
            self.W = Parameter(_params.weight(initialW), (left_size, right_size, out_size))
            if not nobias:
                self.V1 = Parameter(_params.weight(V1), (left_size, out_size))
                self.V2 = Parameter(_params.weight(V2), (right_size, out_size))
                self.b = Parameter(_params.bias(b), out_size)

    def forward(self, e1: Variable | Any, e2: Variable | Any) -> Variable:
        """The bilinear form of ``e1`` (B, left_size) and ``e2`` (B, right_size)."""
        if self.nobias:
            return bilinear(e1, e2, self.W)
        return bilinear(e1, e2, self.W, self.V1, self.V2, self.b)
