"""DepthwiseConvolution2D: each input channel convolved with its own filters."""

from __future__ import annotations

from typing import Any

from ...functions.connection.convolution import depthwise_convolution_2d
from ...link import Link
from ...variable import Parameter, Variable
from .. import _params


class DepthwiseConvolution2D(Link):
    """Depthwise convolution (see :func:`flexgrad.functions.depthwise_convolution_2d`).

    Args:
        in_channels: input channels, or None to take them from the first input.
        channel_multiplier: filters per input channel.
        ksize: the kernel size, an int or a pair.
        stride, pad: an int or a pair.
        nobias: when True the link has no bias ``b``.
        initialW: initializer of ``W`` (channel_multiplier, in_channels, kh, kw).
        initial_bias: initializer of ``b`` (in_channels * channel_multiplier,); zeros.

    >>> import numpy as np, flexgrad.links as L
    >>> conv = L.DepthwiseConvolution2D(2, 3, 2, initialW=1.0)
    >>> conv(np.ones((1, 2, 3, 3), dtype=np.float32)).shape
    (1, 6, 2, 2)
    """

    def __init__(self, in_channels: int | None, channel_multiplier: int, ksize: Any,
                 stride: Any = 1, pad: Any = 0, nobias: bool = False, initialW: Any = None,
                 initial_bias: Any = None) -> None:
        super().__init__()
        in_channels = _params.size(self, "in_channels", in_channels, lazy=True)
        channel_multiplier = _params.size(self, "channel_multiplier", channel_multiplier)
        self.ksize = _params.sizes(self, "ksize", ksize, 2)
        self.stride, self.pad, self.channel_multiplier = stride, pad, channel_multiplier
        with self.init_scope():
            self.W = Parameter(_params.weight(initialW))
            self.b = None if nobias else Parameter(_params.bias(initial_bias))
        if in_channels is not None:
            self._initialize_params(in_channels, self.device)

    def _initialize_params(self, in_channels: int, device: Any) -> None:
        self.W.initialize((self.channel_multiplier, in_channels, *self.ksize), device)
        if self.b is not None:
            self.b.initialize((in_channels * self.channel_multiplier,), device)

    def forward(self, x: Variable | Any) -> Variable:
        """The depthwise convolution of ``x`` (n, in_channels, h, w)."""
        if self.W.array is None:  # not is_initialized: a hook may put a Variable here
            self._initialize_params(x.shape[1], _params.adopt_device(self, x))
        return depthwise_convolution_2d(x, self.W, self.b, self.stride, self.pad)
