"""Chainer's fixed-rank names: convolution_1d/3d and deconvolution_1d/3d."""

from __future__ import annotations

from typing import Any

from ...variable import Variable
from .convolution import _convolve
from .deconvolution import _deconvolve


def convolution_1d(x: Variable | Any, W: Variable | Any, b: Variable | Any = None,
                   stride: Any = 1, pad: Any = 0, cover_all: bool = False, dilate: Any = 1,
                   groups: int = 1) -> Variable:
    """One-dimensional convolution: ``convolution_nd`` on (n, c_I, l) inputs.

    ``W`` is (c_O, c_I / groups, k); the other arguments are those of
    :func:`convolution_nd`, checked for one spatial axis.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.convolution_1d(np.ones((1, 1, 4)), np.ones((1, 1, 2))).array
    array([[[2., 2., 2.]]])
    """
    return _convolve("convolution_1d", 1, x, W, b, stride, pad, cover_all, dilate, groups)


def convolution_3d(x: Variable | Any, W: Variable | Any, b: Variable | Any = None,
                   stride: Any = 1, pad: Any = 0, cover_all: bool = False, dilate: Any = 1,
                   groups: int = 1) -> Variable:
    """Three-dimensional convolution: ``convolution_nd`` on (n, c_I, d, h, w) inputs.

    ``W`` is (c_O, c_I / groups, kd, kh, kw); the other arguments are those of
    :func:`convolution_nd`, checked for three spatial axes.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.convolution_3d(np.ones((1, 1, 2, 2, 2)), np.ones((1, 1, 2, 2, 2))).array
    array([[[[[8.]]]]])
    """
    return _convolve("convolution_3d", 3, x, W, b, stride, pad, cover_all, dilate, groups)


def deconvolution_1d(x: Variable | Any, W: Variable | Any, b: Variable | Any = None,
                     stride: Any = 1, pad: Any = 0, outsize: Any = None, dilate: Any = 1,
                     groups: int = 1) -> Variable:
    """One-dimensional transposed convolution: ``deconvolution_nd`` on (n, c_I, l).

    ``W`` is (c_I, c_O / groups, k); the other arguments are those of
    :func:`deconvolution_nd`, checked for one spatial axis.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.deconvolution_1d(np.ones((1, 1, 2)), np.ones((1, 1, 2))).array
    array([[[1., 2., 1.]]])
    """
    return _deconvolve("deconvolution_1d", 1, x, W, b, stride, pad, outsize, dilate, groups)


def deconvolution_3d(x: Variable | Any, W: Variable | Any, b: Variable | Any = None,
                     stride: Any = 1, pad: Any = 0, outsize: Any = None, dilate: Any = 1,
                     groups: int = 1) -> Variable:
    """Three-dimensional transposed convolution: ``deconvolution_nd`` on (n, c_I, d, h, w).

    ``W`` is (c_I, c_O / groups, kd, kh, kw); the other arguments are those of
    :func:`deconvolution_nd`, checked for three spatial axes.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.deconvolution_3d(np.ones((1, 1, 1, 1, 1)), np.ones((1, 2, 2, 2, 2))).shape
    (1, 2, 2, 2, 2)
    """
    return _deconvolve("deconvolution_3d", 3, x, W, b, stride, pad, outsize, dilate, groups)
