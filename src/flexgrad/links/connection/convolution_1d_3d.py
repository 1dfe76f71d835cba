"""Convolution1D/3D and Deconvolution1D/3D: the N-d links with Chainer's fixed ranks."""

from __future__ import annotations

from typing import Any

from .convolution import ConvolutionND
from .deconvolution import DeconvolutionND


class _FixedRank:
    """Passes ``spatial_axes`` as the N-d link's ``ndim``: the other arguments are the
    N-d link's own, in Chainer's order."""

    spatial_axes: int

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(self.spatial_axes, *args, **kwargs)  # type: ignore[call-arg]


class Convolution1D(_FixedRank, ConvolutionND):
    """One-dimensional convolution: :class:`ConvolutionND` with ``ndim=1``.

    ``Convolution1D(in_channels, out_channels, ksize=None, stride=1, pad=0, nobias=False,
    initialW=None, initial_bias=None, cover_all=False, dilate=1, groups=1)``.

    >>> import numpy as np, flexgrad.links as L
    >>> L.Convolution1D(1, 2, 3, pad=1)(np.ones((1, 1, 5), np.float32)).shape
    (1, 2, 5)
    """

    spatial_axes = 1


class Convolution3D(_FixedRank, ConvolutionND):
    """Three-dimensional convolution: :class:`ConvolutionND` with ``ndim=3``.

    Arguments as :class:`Convolution1D`.

    >>> import numpy as np, flexgrad.links as L
    >>> L.Convolution3D(1, 2, 2)(np.ones((1, 1, 3, 3, 3), np.float32)).shape
    (1, 2, 2, 2, 2)
    """

    spatial_axes = 3


class Deconvolution1D(_FixedRank, DeconvolutionND):
    """One-dimensional transposed convolution: :class:`DeconvolutionND` with ``ndim=1``.

    ``Deconvolution1D(in_channels, out_channels, ksize=None, stride=1, pad=0, nobias=False,
    outsize=None, initialW=None, initial_bias=None, dilate=1, groups=1)``.

    >>> import numpy as np, flexgrad.links as L
    >>> L.Deconvolution1D(1, 2, 3, stride=2)(np.ones((1, 1, 4), np.float32)).shape
    (1, 2, 9)
    """

    spatial_axes = 1


class Deconvolution3D(_FixedRank, DeconvolutionND):
    """Three-dimensional transposed convolution: :class:`DeconvolutionND` with ``ndim=3``.

    Arguments as :class:`Deconvolution1D`.

    >>> import numpy as np, flexgrad.links as L
    >>> L.Deconvolution3D(1, 2, 2)(np.ones((1, 1, 2, 2, 2), np.float32)).shape
    (1, 2, 3, 3, 3)
    """

    spatial_axes = 3
