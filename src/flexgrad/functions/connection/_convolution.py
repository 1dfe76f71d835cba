"""The three convolution nodes: forward, transposed (deconvolution) and the weight gradient.

Each is the backward of the others, as in Chainer, so convolutions differentiate to any
order. Arrays: images (N, C, *size), windows (N, C, *ksize, *outsize) from the backend's
``sliding_window``, weights (O, C / groups, *ksize). Products run as one batched matrix
product over the groups, channels first, so the window copy the product makes reads
contiguous runs along the last spatial axis.
"""

from __future__ import annotations

from math import prod
from typing import Any

from ...function_node import FunctionNode
from ...variable import Variable
from ..array._windows import Window
from ..math.sum import sum as sum_

# Smaller windows' matrices (elements) are made again for the weight gradient: the fresh
# copy is read from a core's cache, faster than a kept one from memory (ResNet at batch 2).
_KEEP_COLS_MIN = 1 << 20


class Convolution(FunctionNode):
    """``y[n, o] = sum over c, i of W[o, c, i] * windows(x)[n, c, i]`` (+ b[o]).

    With ``keep_cols`` the windows' matrices stay until backward, for the weight gradient
    (as Chainer keeps its ``col``): one copy of the windows less per step, where they are
    large (``_KEEP_COLS_MIN``).
    """

    __slots__ = ("win", "groups", "outsize", "keep_cols", "_cols")

    def __init__(self, win: Window, groups: int, outsize: tuple[int, ...],
                 keep_cols: bool = False) -> None:
        self.win = win
        self.groups = groups
        self.outsize = outsize
        self.keep_cols = keep_cols
        self._cols = None

    def forward(self, inputs):
        x, W = inputs[:2]
        self.retain_inputs((0, 1))
        backend = self.backend
        windows = backend.sliding_window(x, *self.win, self.outsize)
        cols = _as_matrices(backend, windows, self.groups, W.ndim - 2)
        if self.keep_cols and prod(cols.shape) >= _KEEP_COLS_MIN:
            self._cols = cols
        y = _correlate(backend, cols, W, self.groups, x.shape[0], self.outsize)
        return (y if len(inputs) == 2 else y + _bias_shaped(backend, inputs[2], y.ndim),)

    def release(self) -> None:
        super().release()
        self._cols = None

    def backward(self, indexes, grad_outputs):
        x, W = self.get_retained_inputs()
        (gy,) = grad_outputs
        win, groups = self.win, self.groups
        out = []
        for i in indexes:
            if i == 0:
                out.append(Deconvolution(win, groups, tuple(x.shape[2:])).apply((gy, W))[0])
            elif i == 1:
                out.append(ConvolutionGradW(win, groups, self._cols).apply((x, gy))[0])
            else:
                out.append(_bias_grad(gy))
        return tuple(out)


class Deconvolution(FunctionNode):
    """The transposed convolution: each entry of ``x`` spread over a window of ``y`` by
    ``W`` (I, O / groups, *ksize), summed where windows overlap (+ b[o])."""

    __slots__ = ("win", "groups", "outsize")

    def __init__(self, win: Window, groups: int, outsize: tuple[int, ...]) -> None:
        self.win = win
        self.groups = groups
        self.outsize = outsize

    def forward(self, inputs):
        x, W = inputs[:2]
        self.retain_inputs((0, 1))
        backend = self.backend
        cols = _correlate_transposed(backend, x, W, self.groups)
        _, stride, pad, dilate = self.win
        y = backend.fold_windows(cols, stride, pad, dilate, self.outsize)
        return (y if len(inputs) == 2 else y + _bias_shaped(backend, inputs[2], y.ndim),)

    def backward(self, indexes, grad_outputs):
        x, W = self.get_retained_inputs()
        (gy,) = grad_outputs
        win, groups = self.win, self.groups
        out = []
        for i in indexes:
            if i == 0:
                out.append(Convolution(win, groups, tuple(x.shape[2:])).apply((gy, W))[0])
            elif i == 1:
                out.append(ConvolutionGradW(win, groups).apply((gy, x))[0])
            else:
                out.append(_bias_grad(gy))
        return tuple(out)


class ConvolutionGradW(FunctionNode):
    """A convolution's weight gradient from its input ``x`` and output gradient ``gy``:
    ``gW[o, c, i] = sum over n and positions of gy[n, o] * windows(x)[n, c, i]``; ``cols``:
    those windows' matrices when the forward kept them."""

    __slots__ = ("win", "groups", "cols")

    def __init__(self, win: Window, groups: int, cols: Any = None) -> None:
        self.win = win
        self.groups = groups
        self.cols = cols

    def forward(self, inputs):
        x, gy = inputs
        self.retain_inputs((0, 1))
        backend, groups, ksize = self.backend, self.groups, self.win.ksize
        c = self.cols
        if c is None:
            windows = backend.sliding_window(x, *self.win, tuple(gy.shape[2:]))
            c = _as_matrices(backend, windows, groups, len(ksize))
        g = _as_matrices(backend, gy, groups, 0)
        gW = backend.xp.matmul(g, backend.xp.matrix_transpose(c))
        return (backend.reshape(gW, (gy.shape[1], x.shape[1] // groups, *ksize)),)

    def backward(self, indexes, grad_outputs):
        x, gy = self.get_retained_inputs()
        (ggW,) = grad_outputs
        win, groups = self.win, self.groups
        out = []
        for i in indexes:
            if i == 0:
                out.append(Deconvolution(win, groups, tuple(x.shape[2:])).apply((gy, ggW))[0])
            else:
                out.append(Convolution(win, groups, tuple(gy.shape[2:])).apply((x, ggW))[0])
        return tuple(out)


def _as_matrices(backend: Any, a: Any, groups: int, kernel_axes: int) -> Any:
    """Images (N, C, *size) or windows (N, C, *ksize, *size) as matrices, one per group:
    (groups, C / groups * prod(ksize), N * prod(size)), channels and kernel offsets as rows."""
    n, c = a.shape[:2]
    lead = 2 + kernel_axes
    rows = backend.xp.permute_dims(a, (1, *range(2, lead), 0, *range(lead, a.ndim)))
    return backend.reshape(rows, (groups, c // groups * prod(a.shape[2:lead]),
                                  n * prod(a.shape[lead:])))


def _correlate(backend: Any, cols: Any, W: Any, groups: int, n: int,
               size: tuple[int, ...]) -> Any:
    """Windows' matrices (``_as_matrices``) of N images times weights (O, C / groups,
    *ksize): (N, O, *size)."""
    xp = backend.xp
    o = W.shape[0]
    w = backend.reshape(W, (groups, o // groups, prod(W.shape[1:])))
    y = backend.reshape(xp.matmul(w, cols), (o, n, *size))
    return xp.permute_dims(y, (1, 0, *range(2, 2 + len(size))))


def _correlate_transposed(backend: Any, x: Any, W: Any, groups: int) -> Any:
    """Images (N, I, *size) times weights (I, O / groups, *ksize), transposed: the windows
    (N, O, *ksize, *size) whose correlation with ``W`` gives back such images."""
    xp = backend.xp
    nd = W.ndim - 2
    n, i = x.shape[:2]
    w = backend.reshape(W, (groups, i // groups, prod(W.shape[1:])))
    cols = xp.matmul(xp.matrix_transpose(w), _as_matrices(backend, x, groups, 0))
    cols = backend.reshape(cols, (groups * W.shape[1], *W.shape[2:], n, *x.shape[2:]))
    return xp.permute_dims(cols, (nd + 1, 0, *range(1, nd + 1), *range(nd + 2, 2 * nd + 2)))


def _bias_shaped(backend: Any, b: Any, ndim: int) -> Any:
    """``b`` (O,) as (1, O, 1, ...) to add to outputs (N, O, *size)."""
    return backend.reshape(b, (1, b.shape[0]) + (1,) * (ndim - 2))


def _bias_grad(gy: Variable) -> Variable:
    return sum_(gy, axis=(0, *range(2, gy.ndim)))
