"""Convolutions (cross-correlations, as in every deep-learning library): N-d, 2-d, depthwise."""

from __future__ import annotations

from typing import Any

from ...configuration import config
from ...errors import fail
from ...variable import Variable
from ..array._args import array_arg
from ..array._windows import image_arg, window
from ..array.reshape import reshape
from ..array.transpose import transpose
from ._conv_args import operands
from ._convolution import Convolution


def convolution_nd(x: Variable | Any, W: Variable | Any, b: Variable | Any = None,
                   stride: Any = 1, pad: Any = 0, cover_all: bool = False, dilate: Any = 1,
                   groups: int = 1) -> Variable:
    """N-dimensional convolution of an image batch with filters, plus a bias.

    ``y[n, o, *p] = b[o] + sum over c, *i of W[o, c, *i] * x[n, g * C/G + c, *(p * stride +
    i * dilate - pad)]`` for ``o`` in group ``g``, the input zero-padded by ``pad``.

    Args:
        x: inputs (n, c_I, d_1, ..., d_N).
        W: filters (c_O, c_I / groups, k_1, ..., k_N).
        b: bias (c_O,), or None.
        stride, pad, dilate: an int or N ints each: the step between windows, the zeros
            added on both sides, the spacing of a window's elements.
        cover_all: add windows (over padding) until every input element is covered.
        groups: split channels into this many groups convolved separately.

    Returns:
        (n, c_O, l_1, ..., l_N) with ``l = (d + 2 pad - (k - 1) dilate - 1) // stride + 1``
        (``+ stride - 1`` before the division with ``cover_all``).

    >>> import numpy as np, flexgrad.functions as F
    >>> F.convolution_nd(np.ones((1, 1, 4)), np.ones((2, 1, 3)), pad=1).array
    array([[[2., 3., 3., 2.],
            [2., 3., 3., 2.]]])
    """
    return _convolve("convolution_nd", None, x, W, b, stride, pad, cover_all, dilate, groups)


def convolution_2d(x: Variable | Any, W: Variable | Any, b: Variable | Any = None,
                   stride: Any = 1, pad: Any = 0, cover_all: bool = False, dilate: Any = 1,
                   groups: int = 1) -> Variable:
    """Two-dimensional convolution: ``convolution_nd`` on (n, c_I, h, w) inputs.

    ``W`` is (c_O, c_I / groups, kh, kw); ``stride``, ``pad`` and ``dilate`` are an int or
    a pair. Chainer's keyword-only ``dilate`` and ``groups`` may also come by position.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.convolution_2d(np.ones((1, 1, 3, 3)), np.ones((1, 1, 2, 2)), stride=2, pad=1).array
    array([[[[1., 2.],
             [2., 4.]]]])
    """
    return _convolve("convolution_2d", 2, x, W, b, stride, pad, cover_all, dilate, groups)


def depthwise_convolution_2d(x: Variable | Any, W: Variable | Any, b: Variable | Any = None,
                             stride: Any = 1, pad: Any = 0) -> Variable:
    """Depthwise convolution: each input channel convolved with its own ``c_M`` filters.

    A composite: ``convolution_2d`` with ``groups = c_I`` on ``W`` regrouped, so it has no
    backward of its own.

    Args:
        x: inputs (n, c_I, h, w).
        W: filters (c_M, c_I, kh, kw), ``c_M`` the channel multiplier.
        b: bias (c_I * c_M,), or None.

    Returns:
        (n, c_I * c_M, h_O, w_O); output channel ``c * c_M + m`` is input channel ``c``
        convolved with ``W[m, c]``.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.depthwise_convolution_2d(np.ones((1, 2, 2, 2)), np.ones((3, 2, 2, 2))).shape
    (1, 6, 1, 1)
    """
    fn = "depthwise_convolution_2d"
    xd, Wd = image_arg(fn, "x", x, 2), array_arg(fn, "W", W)
    if Wd.ndim != 4 or Wd.shape[1] != xd.shape[1]:
        fail(fn, "W", f"a 4-d array (c_M, c_I={xd.shape[1]}, kh, kw), c_I that of x", Wd)
    multiplier, channels, kh, kw = Wd.shape
    window(fn, 2, (kh, kw), stride, pad).outsize(fn, "W", tuple(xd.shape[2:]), False)
    if b is not None and tuple(array_arg(fn, "b", b).shape) != (channels * multiplier,):
        fail(fn, "b", f"shape ({channels * multiplier},), c_I * c_M", array_arg(fn, "b", b))
    filters = reshape(transpose(W, (1, 0, 2, 3)), (channels * multiplier, 1, kh, kw))
    return convolution_2d(x, filters, b, stride, pad, groups=channels)


def _convolve(fn: str, nd: int | None, x: Any, W: Any, b: Any, stride: Any, pad: Any,
              cover_all: bool, dilate: Any, groups: Any) -> Variable:
    xd, Wd = operands(fn, x, W, b, nd, groups, transposed=False)
    win = window(fn, xd.ndim - 2, tuple(Wd.shape[2:]), stride, pad, dilate)
    outsize = win.outsize(fn, "W", tuple(xd.shape[2:]), cover_all)
    inputs = (x, W) if b is None else (x, W, b)
    keep_cols = config.enable_backprop and isinstance(W, Variable) and W.requires_grad
    return Convolution(win, groups, outsize, keep_cols).apply(inputs)[0]
