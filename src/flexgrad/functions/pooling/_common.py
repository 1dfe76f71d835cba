"""What the pooling functions share: argument checks, and spreading values to window slots."""

from __future__ import annotations

from math import prod
from typing import Any

from ... import backends
from ...errors import expect_float
from ...function_node import FunctionNode
from ...variable import Variable
from ..array._windows import Window, image_arg, window


def pooling_args(fn: str, x: Any, nd: int | None, ksize: Any, stride: Any,
                 pad: Any) -> tuple[Any, Window]:
    """The checked array of ``x`` and the windows' geometry (``stride`` None: ``ksize``)."""
    data = image_arg(fn, "x", x, nd)
    expect_float(fn, "x", data, backends.backend_of(data))
    nd = data.ndim - 2
    win = window(fn, nd, ksize, ksize if stride is None else stride, pad)
    return data, win


class SpreadAt(FunctionNode):
    """Values (N, C, *outsize) placed at slot ``indexes`` of their windows and folded into
    an image (N, C, *size); linear, so its gradient picks each window's slot (``PickAt``)."""

    __slots__ = ("indexes", "win", "size")

    def __init__(self, indexes: Any, win: Window, size: tuple[int, ...]) -> None:
        self.indexes = indexes
        self.win = win
        self.size = size

    def forward(self, inputs):
        ksize, stride, pad, _ = self.win
        return (self.backend.spread_windows(inputs[0], self.indexes, ksize, stride, pad,
                                            self.size),)

    def backward(self, indexes, grad_outputs):
        return (PickAt(self.indexes, self.win).apply(grad_outputs)[0],)


class PickAt(FunctionNode):
    """Each window's entry at slot ``indexes`` of an image (N, C, *size), zero-padded:
    (N, C, *outsize), the adjoint of ``SpreadAt``."""

    __slots__ = ("indexes", "win", "_size")

    def __init__(self, indexes: Any, win: Window) -> None:
        self.indexes = indexes
        self.win = win

    def forward(self, inputs):
        (image,) = inputs
        backend, indexes = self.backend, self.indexes
        self._size = tuple(image.shape[2:])
        cols = backend.sliding_window(image, *self.win, tuple(indexes.shape[2:]))
        cols = backend.reshape(cols, (*indexes.shape[:2], prod(self.win.ksize),
                                      *indexes.shape[2:]))
        picked = backend.take_along_axis(cols, backend.xp.expand_dims(indexes, axis=2), 2)
        return (backend.xp.squeeze(picked, axis=2),)

    def backward(self, indexes, grad_outputs):
        return (SpreadAt(self.indexes, self.win, self._size).apply(grad_outputs)[0],)


def spread_at(values: Variable | Any, indexes: Any, win: Window,
              size: tuple[int, ...]) -> Variable:
    """Each value (N, C, *outsize) placed at slot ``indexes`` (flat kernel offsets) of its
    window, the windows folded into an image (N, C, *size), overlaps summed; differentiable
    to any order."""
    return SpreadAt(indexes, win, size).apply((values,))[0]
