"""MLPConvolution2D: a convolution followed by 1x1 convolutions (Network in Network)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ...errors import fail
from ...functions.activation.relu import relu
from ...link import ChainList
from ...variable import Variable
from .convolution import Convolution2D


class MLPConvolution2D(ChainList):
    """A ``ksize`` convolution, then 1x1 convolutions: an MLP applied at every pixel.

    The activation follows every layer but the last, as in Chainer; the layers are the
    children ``0``, ``1``, ... (``/0/W``, ``/0/b``, ...).

    Args:
        in_channels: input channels, or None to take them from the first input;
            ``MLPConvolution2D(out_channels, ksize)`` means that too.
        out_channels: a non-empty tuple of each layer's output channels.
        ksize, stride, pad: the first convolution's (ints or pairs).
        activation: the function between layers.
        conv_init, bias_init: initializers of every ``W`` and ``b``.

    >>> import numpy as np, flexgrad.links as L
    >>> mlp = L.MLPConvolution2D(3, (4, 5, 2), 3, pad=1)
    >>> mlp(np.ones((1, 3, 4, 4), np.float32)).shape, len(mlp)
    ((1, 2, 4, 4), 3)
    """

    def __init__(self, in_channels: int | None, out_channels: Any, ksize: Any = None,
                 stride: Any = 1, pad: Any = 0,
                 activation: Callable[[Variable], Variable] = relu, conv_init: Any = None,
                 bias_init: Any = None) -> None:
        super().__init__()
        if ksize is None:  # Chainer's short form: (out_channels, ksize), in_channels lazy
            in_channels, out_channels, ksize = None, in_channels, out_channels
        if not isinstance(out_channels, Sequence) or not out_channels:
            fail("MLPConvolution2D", "out_channels", "a non-empty tuple of ints",
                 f"{out_channels!r}", kind="type")
        self.activation = activation
        self.add_link(Convolution2D(in_channels, out_channels[0], ksize, stride, pad,
                                    initialW=conv_init, initial_bias=bias_init))
        for n_in, n_out in zip(out_channels, out_channels[1:], strict=False):
            self.add_link(Convolution2D(n_in, n_out, 1, initialW=conv_init,
                                        initial_bias=bias_init))

    def forward(self, x: Variable | Any) -> Variable:
        """The layers on ``x`` (n, in_channels, h, w), the activation between them."""
        layers = list(self)
        for layer in layers[:-1]:
            x = self.activation(layer(x))
        return layers[-1](x)
