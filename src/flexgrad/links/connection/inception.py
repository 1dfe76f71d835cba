"""Inception: GoogLeNet's block of parallel convolutions and a pooling."""

from __future__ import annotations

from typing import Any

from ...functions.activation.relu import relu
from ...functions.array.concat import concat
from ...functions.pooling.max_pooling import max_pooling_2d
from ...link import Chain
from ...variable import Variable
from .convolution import Convolution2D


class Inception(Chain):
    """Four branches on one input, their outputs stacked along the channels, then ReLU.

    The branches: ``conv1`` (1x1); ``proj3`` (1x1) then ``conv3`` (3x3); ``proj5`` (1x1)
    then ``conv5`` (5x5); a 3x3 max pooling then ``projp`` (1x1). A ReLU follows each
    projection. Spatial sizes are kept, and the output has ``out1 + out3 + out5 +
    proj_pool`` channels.

    Args:
        in_channels: input channels, or None to take them from the first input.
        out1, proj3, out3, proj5, out5, proj_pool: the branches' channels.
        conv_init, bias_init: initializers of every ``W`` and ``b``.

    >>> import numpy as np, flexgrad.links as L
    >>> block = L.Inception(3, 2, 2, 3, 1, 2, 1)
    >>> block(np.ones((1, 3, 5, 5), np.float32)).shape
    (1, 8, 5, 5)
    """

    def __init__(self, in_channels: int | None, out1: int, proj3: int, out3: int, proj5: int,
                 out5: int, proj_pool: int, conv_init: Any = None,
                 bias_init: Any = None) -> None:
        super().__init__()
        init = {"initialW": conv_init, "initial_bias": bias_init}
        with self.init_scope():
            self.conv1 = Convolution2D(in_channels, out1, 1, **init)
            self.proj3 = Convolution2D(in_channels, proj3, 1, **init)
            self.conv3 = Convolution2D(proj3, out3, 3, pad=1, **init)
            self.proj5 = Convolution2D(in_channels, proj5, 1, **init)
            self.conv5 = Convolution2D(proj5, out5, 5, pad=2, **init)
            self.projp = Convolution2D(in_channels, proj_pool, 1, **init)

    def forward(self, x: Variable | Any) -> Variable:
        """The block on ``x`` (n, in_channels, h, w)."""
        out1 = self.conv1(x)
        out3 = self.conv3(relu(self.proj3(x)))
        out5 = self.conv5(relu(self.proj5(x)))
        pool = self.projp(max_pooling_2d(x, 3, stride=1, pad=1))
        return relu(concat((out1, out3, out5, pool), axis=1))
