"""Deconvolutions (transposed convolutions): N-d and 2-d."""

from __future__ import annotations

from typing import Any

from ...errors import fail
from ...variable import Variable
from ..array._windows import outsize_arg, window
from ._conv_args import operands
from ._convolution import Deconvolution


def deconvolution_nd(x: Variable | Any, W: Variable | Any, b: Variable | Any = None,
                     stride: Any = 1, pad: Any = 0, outsize: Any = None, dilate: Any = 1,
                     groups: int = 1) -> Variable:
    """N-dimensional transposed convolution: the gradient of ``convolution_nd`` by its input.

    Each input element adds its value times the filter to a window of the output; windows
    step by ``stride`` and the output is cropped by ``pad`` on both sides.

    Args:
        x: inputs (n, c_I, d_1, ..., d_N).
        W: filters (c_I, c_O / groups, k_1, ..., k_N).
        b: bias (c_O,), or None.
        stride, pad, dilate: an int or N ints each.
        outsize: the output's spatial shape; None gives ``l = stride (d - 1) +
            dilate (k - 1) + 1 - 2 pad``; a given one may add up to ``stride - 1``.
        groups: split channels into this many groups.

    Returns:
        (n, c_O, l_1, ..., l_N).

    >>> import numpy as np, flexgrad.functions as F
    >>> F.deconvolution_nd(np.ones((1, 1, 2)), np.ones((1, 1, 3)), stride=2).array
    array([[[1., 1., 2., 1., 1.]]])
    """
    return _deconvolve("deconvolution_nd", None, x, W, b, stride, pad, outsize, dilate, groups)


def deconvolution_2d(x: Variable | Any, W: Variable | Any, b: Variable | Any = None,
                     stride: Any = 1, pad: Any = 0, outsize: Any = None, dilate: Any = 1,
                     groups: int = 1) -> Variable:
    """Two-dimensional transposed convolution: ``deconvolution_nd`` on (n, c_I, h, w).

    ``W`` is (c_I, c_O / groups, kh, kw); ``stride``, ``pad``, ``dilate`` and ``outsize``
    are pairs or (except ``outsize``) an int. Chainer's keyword-only ``dilate`` and
    ``groups`` may also come by position.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.deconvolution_2d(np.ones((1, 1, 2, 2)), np.ones((1, 3, 2, 2)), stride=2).shape
    (1, 3, 4, 4)
    """
    return _deconvolve("deconvolution_2d", 2, x, W, b, stride, pad, outsize, dilate, groups)


def _deconvolve(fn: str, nd: int | None, x: Any, W: Any, b: Any, stride: Any, pad: Any,
                outsize: Any, dilate: Any, groups: Any) -> Variable:
    xd, Wd = operands(fn, x, W, b, nd, groups, transposed=True)
    nd = xd.ndim - 2
    win = window(fn, nd, tuple(Wd.shape[2:]), stride, pad, dilate)
    size = tuple(xd.shape[2:])
    outsize = outsize_arg(fn, outsize, nd)
    if outsize is None:
        outsize = win.insize(size, cover_all=False)
        if min(outsize) < 1:
            fail(fn, "pad", f"padding that leaves a positive output size for inputs of "
                 f"spatial shape {size}", f"{win.pad} (output {outsize})")
    elif not all(lo <= n <= hi for lo, n, hi in
                 zip(win.count(outsize, False), size, win.count(outsize, True), strict=True)):
        fail(fn, "outsize", f"a size whose convolution windows (with or without cover_all) "
             f"number {size}, those of x", f"{outsize}")
    inputs = (x, W) if b is None else (x, W, b)
    return Deconvolution(win, groups, outsize).apply(inputs)[0]
