"""depth2space and space2depth: channels to r x r pixel blocks and back (sub-pixel layers)."""

from __future__ import annotations

from typing import Any

from ... import backends
from ...errors import expect_float, expect_ndim, fail
from ...function_node import FunctionNode
from ...variable import Variable
from ._args import array_arg, is_int


class Depth2Space(FunctionNode):
    """``(B, r*r*C, H, W)`` to ``(B, C, H*r, W*r)``; the gradient is space2depth."""

    __slots__ = ("r",)

    def __init__(self, r: int) -> None:
        self.r = r

    def forward(self, inputs):
        (x,) = inputs
        b, c, h, w = x.shape
        r, c = self.r, c // (self.r * self.r)
        reshape, permute = self.backend.reshape, self.xp.permute_dims
        y = reshape(permute(x, (0, 2, 3, 1)), (b, h, w, r, r, c))
        y = reshape(permute(y, (0, 1, 3, 2, 4, 5)), (b, h * r, w * r, c))
        return (permute(y, (0, 3, 1, 2)),)

    def backward(self, indexes, grad_outputs):
        return Space2Depth(self.r).apply(grad_outputs)


class Space2Depth(FunctionNode):
    """``(B, C, H*r, W*r)`` to ``(B, r*r*C, H, W)``; the gradient is depth2space."""

    __slots__ = ("r",)

    def __init__(self, r: int) -> None:
        self.r = r

    def forward(self, inputs):
        (x,) = inputs
        b, c, h, w = x.shape
        r = self.r
        y = self.backend.reshape(x, (b, c, h // r, r, w // r, r))
        y = self.xp.permute_dims(y, (0, 3, 5, 1, 2, 4))
        return (self.backend.reshape(y, (b, r * r * c, h // r, w // r)),)

    def backward(self, indexes, grad_outputs):
        return Depth2Space(self.r).apply(grad_outputs)


def _check(fn: str, x: Any, r: Any) -> Any:
    array = array_arg(fn, "x", x)
    expect_float(fn, "X", array, backends.backend_of(array))
    expect_ndim(fn, "X", array, 4)
    if not is_int(r) or r < 1:
        fail(fn, "r", "a positive int", f"{r!r}", kind="type" if not is_int(r) else "value")
    return array


def depth2space(X: Variable | Any, r: int) -> Variable:  # noqa: N803 - Chainer's name
    """Rearrange ``(B, C*r*r, H, W)`` into ``(B, C, H*r, W*r)`` (sub-pixel upscaling).

    >>> import numpy as np, flexgrad.functions as F
    >>> F.depth2space(np.arange(8.0).reshape(1, 4, 1, 2), 2).array[0, 0]
    array([[0., 2., 1., 3.],
           [4., 6., 5., 7.]])
    """
    array = _check("depth2space", X, r)
    if array.shape[1] % (r * r):
        fail("depth2space", "X", f"a channel count divisible by r * r = {r * r}", array)
    return Depth2Space(int(r)).apply((X,))[0]


def space2depth(X: Variable | Any, r: int) -> Variable:  # noqa: N803 - Chainer's name
    """Rearrange ``(B, C, H*r, W*r)`` into ``(B, C*r*r, H, W)``, the inverse of depth2space.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.space2depth(np.arange(8.0).reshape(1, 1, 2, 4), 2).array[0, :, 0, 0]
    array([0., 1., 4., 5.])
    """
    array = _check("space2depth", X, r)
    if array.shape[2] % r or array.shape[3] % r:
        fail("space2depth", "X", f"height and width divisible by r = {r}", array)
    return Space2Depth(int(r)).apply((X,))[0]
