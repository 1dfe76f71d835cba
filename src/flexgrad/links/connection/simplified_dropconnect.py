"""SimplifiedDropconnect: a fully connected layer regularized by dropping weights."""

from __future__ import annotations

from math import prod
from typing import Any

from ...functions.noise.simplified_dropconnect import simplified_dropconnect
from ...variable import Variable
from .. import _params
from .linear import Linear


class SimplifiedDropconnect(Linear):
    """Linear layer whose weights are dropped at random
    (see :func:`flexgrad.functions.simplified_dropconnect`).

    Args:
        in_size: input features, or None to take them from the first input.
        out_size: output features.
        ratio: the drop probability.
        nobias: when True the link has no bias ``b``.
        initialW: initializer of ``W`` (out_size, in_size); LeCunNormal when None.
        initial_bias: initializer of ``b`` (out_size,); zeros when None.

    >>> import numpy as np, flexgrad.links as L
    >>> layer = L.SimplifiedDropconnect(3, 2, ratio=0.5)
    >>> layer(np.ones((4, 3), np.float32)).shape
    (4, 2)
    """

    def __init__(self, in_size: int | None, out_size: int | None = None, ratio: float = 0.5,
                 nobias: bool = False, initialW: Any = None,
                 initial_bias: Any = None) -> None:
        super().__init__(in_size, out_size, nobias, initialW, initial_bias)
        self.ratio = ratio

    def forward(self, x: Variable | Any, train: bool = True, mask: Any = None,
                use_batchwise_mask: bool = True) -> Variable:
        """The layer on ``x`` (n, ...); ``train`` False makes it a plain linear layer."""
        if self.W.array is None:
            in_size = prod(x.shape[1:])
            _params.initialize_on(self, self.W, (self.out_size, in_size), x)
        return simplified_dropconnect(x, self.W, self.b, self.ratio, train, mask,
                                      use_batchwise_mask)
