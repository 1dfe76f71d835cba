"""DilatedConvolution2D: Chainer's dilated convolution link, argument order included."""

from __future__ import annotations

from typing import Any

from .convolution import ConvolutionND


class DilatedConvolution2D(ConvolutionND):
    """Two-dimensional convolution with dilated kernels
    (see :func:`flexgrad.functions.dilated_convolution_2d`).

    Args:
        in_channels: input channels, or None to take them from the first input;
            ``DilatedConvolution2D(out_channels, ksize)`` means that too.
        out_channels: output channels.
        ksize, stride, pad, dilate: ints or pairs.
        nobias: when True the link has no bias ``b``.
        initialW: initializer of ``W`` (out_channels, in_channels, kh, kw); LeCunNormal
            when None.
        initial_bias: initializer of ``b`` (out_channels,); zeros when None.

    >>> import numpy as np, flexgrad.links as L
    >>> conv = L.DilatedConvolution2D(1, 1, 3, pad=2, dilate=2)
    >>> conv(np.ones((1, 1, 5, 5), np.float32)).shape
    (1, 1, 5, 5)
    """

    def __init__(self, in_channels: int | None, out_channels: int, ksize: Any = None,
                 stride: Any = 1, pad: Any = 0, dilate: Any = 1, nobias: bool = False,
                 initialW: Any = None, initial_bias: Any = None) -> None:
        super().__init__(2, in_channels, out_channels, ksize, stride, pad, nobias, initialW,
                         initial_bias, dilate=dilate)
