"""dilated_convolution_2d: Chainer's name and argument order for a dilated convolution."""

from __future__ import annotations

from typing import Any

from ...variable import Variable
from .convolution import _convolve


def dilated_convolution_2d(x: Variable | Any, W: Variable | Any, b: Variable | Any = None,
                           stride: Any = 1, pad: Any = 0, dilate: Any = 1,
                           cover_all: bool = False) -> Variable:
    """Two-dimensional convolution whose kernel elements sit ``dilate`` apart.

    The same as ``convolution_2d(x, W, b, stride, pad, cover_all, dilate)``; Chainer kept
    this older name with ``dilate`` before ``cover_all``.

    Args:
        x: inputs (n, c_I, h, w).
        W: filters (c_O, c_I, kh, kw).
        b: bias (c_O,), or None.
        stride, pad, dilate: an int or a pair each.
        cover_all: add windows (over padding) until every input element is covered.

    Returns:
        (n, c_O, h_O, w_O) with ``h_O = (h + 2 pad - (kh - 1) dilate - 1) // stride + 1``.

    >>> import numpy as np, flexgrad.functions as F
    >>> x = np.arange(5.0).reshape(1, 1, 1, 5)
    >>> F.dilated_convolution_2d(x, np.ones((1, 1, 1, 2)), dilate=2).array
    array([[[[2., 4., 6.]]]])
    """
    return _convolve("dilated_convolution_2d", 2, x, W, b, stride, pad, cover_all, dilate, 1)
