"""im2col: an image's sliding windows laid out as columns; its adjoint folds them back."""

from __future__ import annotations

from math import prod
from typing import Any

from ... import backends
from ...errors import expect_float
from ...function_node import FunctionNode
from ...variable import Variable
from ._windows import Window, image_arg, window
from .reshape import reshape


class Im2Col(FunctionNode):
    """Windows (N, C, *ksize, *outsize) of an image (N, C, *size), zero-padded; linear, so
    the gradient folds the output's gradient back (``Col2Im``)."""

    __slots__ = ("win", "outsize", "_size")

    def __init__(self, win: Window, outsize: tuple[int, ...]) -> None:
        self.win = win
        self.outsize = outsize

    def forward(self, inputs):
        (x,) = inputs
        self._size = tuple(x.shape[2:])
        return (self.backend.sliding_window(x, *self.win, self.outsize),)

    def backward(self, indexes, grad_outputs):
        return (Col2Im(self.win, self._size).apply(grad_outputs)[0],)


class Col2Im(FunctionNode):
    """Windows (N, C, *ksize, *outsize) summed into an image (N, C, *size): the adjoint of
    ``Im2Col``, whose gradient is therefore ``Im2Col``'s forward."""

    __slots__ = ("win", "size", "_outsize")

    def __init__(self, win: Window, size: tuple[int, ...]) -> None:
        self.win = win
        self.size = size

    def forward(self, inputs):
        (cols,) = inputs
        self._outsize = tuple(cols.shape[2 + len(self.size):])
        _, stride, pad, dilate = self.win
        return (self.backend.fold_windows(cols, stride, pad, dilate, self.size),)

    def backward(self, indexes, grad_outputs):
        return (Im2Col(self.win, self._outsize).apply(grad_outputs)[0],)


def windows(x: Variable | Any, win: Window, outsize: tuple[int, ...]) -> Variable:
    """The differentiable windows (N, C, *ksize, *outsize) of ``x`` (for pooling)."""
    return Im2Col(win, outsize).apply((x,))[0]


def fold(cols: Variable | Any, win: Window, size: tuple[int, ...]) -> Variable:
    """Windows (N, C, *ksize, *outsize) summed back into an image (N, C, *size)."""
    return Col2Im(win, size).apply((cols,))[0]


def im2col(x: Variable | Any, ksize: Any, stride: Any = 1, pad: Any = 0,
           cover_all: bool = False, dilate: Any = 1) -> Variable:
    """The sliding windows of an image batch as channels, as Chainer's ``im2col``.

    Args:
        x: an image batch (n, c, h, w) of a floating dtype.
        ksize, stride, pad, dilate: an int or a pair each (window size, step, zero padding
            on both sides, spacing between window elements).
        cover_all: add windows (over padding) until every pixel is covered.

    Returns:
        (n, c * kh * kw, out_h, out_w): channel ``(ci * kh + i) * kw + j`` at ``(y, x)`` is
        ``x[:, ci, y * sy + i * dy - ph, x * sx + j * dx - pw]`` (0 in the padding).

    >>> import numpy as np, flexgrad.functions as F
    >>> F.im2col(np.arange(9.0).reshape(1, 1, 3, 3), 2).array[0, :, 0, 0]
    array([0., 1., 3., 4.])
    """
    data = image_arg("im2col", "x", x, 2)
    expect_float("im2col", "x", data, backends.backend_of(data))
    win = window("im2col", 2, ksize, stride, pad, dilate)
    outsize = win.outsize("im2col", "ksize", tuple(data.shape[2:]), cover_all)
    n, c = data.shape[:2]
    return reshape(windows(x, win, outsize), (n, c * prod(win.ksize), *outsize))
