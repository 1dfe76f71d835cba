"""LocalConvolution2D: a 2-d convolution with its own filters at every output position."""

from __future__ import annotations

from typing import Any

from ...functions.connection.local_convolution_2d import local_convolution_2d
from ...link import Link
from ...variable import Parameter, Variable
from .. import _params


class LocalConvolution2D(Link):
    """Locally connected layer (see :func:`flexgrad.functions.local_convolution_2d`).

    The output size follows from the input size: ``(in - ksize) // stride + 1`` a side.

    Args:
        in_channels: input channels, or None to take them from the first input.
        out_channels: output channels.
        in_size: the input's (h, w) (an int or a pair), or None to take it from the first
            input.
        ksize: the kernel size, an int or a pair.
        stride: an int or a pair.
        nobias: when True the link has no bias ``b``.
        initialW: initializer of ``W`` (out_h, out_w, out_channels, in_channels, kh, kw).
        initial_bias: initializer of ``b`` (out_channels, out_h, out_w); zeros.

    >>> import numpy as np, flexgrad.links as L
    >>> conv = L.LocalConvolution2D(2, 3, (4, 5), 3, initialW=1.0)
    >>> conv(np.ones((1, 2, 4, 5), dtype=np.float32)).shape
    (1, 3, 2, 3)
    """

    def __init__(self, in_channels: int | None, out_channels: int, in_size: Any = None,
                 ksize: Any = None, stride: Any = 1, nobias: bool = False,
                 initialW: Any = None, initial_bias: Any = None) -> None:
        super().__init__()
        in_channels = _params.size(self, "in_channels", in_channels, lazy=True)
        self.out_channels = _params.size(self, "out_channels", out_channels)
        self.ksize = _params.sizes(self, "ksize", ksize, 2)
        self.stride = _params.sizes(self, "stride", stride, 2)
        in_size = None if in_size is None else _params.sizes(self, "in_size", in_size, 2)
        with self.init_scope():
            self.W = Parameter(_params.weight(initialW))
            self.b = None if nobias else Parameter(_params.bias(initial_bias))
        if in_channels is not None and in_size is not None:
            self._initialize_params(in_channels, in_size, self.device)

    def _initialize_params(self, in_channels: int, in_size: tuple[int, ...],
                           device: Any) -> None:
        out_size = tuple((n - k) // s + 1
                         for n, k, s in zip(in_size, self.ksize, self.stride, strict=True))
        self.W.initialize((*out_size, self.out_channels, in_channels, *self.ksize), device)
        if self.b is not None:
            self.b.initialize((self.out_channels, *out_size), device)

    def forward(self, x: Variable | Any) -> Variable:
        """The local convolution of ``x`` (n, in_channels, h, w)."""
        if self.W.array is None:  # not is_initialized: a hook may put a Variable here
            self._initialize_params(x.shape[1], tuple(x.shape[2:]),
                                    _params.adopt_device(self, x))
        return local_convolution_2d(x, self.W, self.b, self.stride)
