"""broadcast_to and sum_to: each is the other's backward."""

from __future__ import annotations

from typing import Any

from ...errors import fail
from ...function_node import FunctionNode
from ...variable import Variable
from ._args import array_arg


def _summed_axes(shape: tuple[int, ...], target: tuple[int, ...]) -> tuple[tuple[int, ...], int]:
    """Axes of ``shape`` to sum so it becomes ``target``, and how many leading ones to drop."""
    lead = len(shape) - len(target)
    stretched = [lead + i for i, t in enumerate(target) if t == 1 and shape[lead + i] != 1]
    return tuple(range(lead)) + tuple(stretched), lead


class BroadcastTo(FunctionNode):
    """Repeat ``x`` along new or size-1 axes; the gradient sums them back."""

    __slots__ = ("shape", "_in_shape")

    def __init__(self, shape: tuple[int, ...]) -> None:
        self.shape = shape

    def forward(self, inputs):
        (x,) = inputs
        self._in_shape = tuple(x.shape)
        if not _broadcastable(self._in_shape, self.shape):
            fail("broadcast_to", "x", f"a shape that broadcasts to {self.shape}", x)
        return (self.xp.broadcast_to(x, self.shape),)

    def backward(self, indexes, grad_outputs):
        return (sum_to(grad_outputs[0], self._in_shape),)


class SumTo(FunctionNode):
    """Sum ``x`` down to a shape it was broadcast from."""

    __slots__ = ("shape", "_in_shape")

    def __init__(self, shape: tuple[int, ...]) -> None:
        self.shape = shape

    def forward(self, inputs):
        (x,) = inputs
        self._in_shape = tuple(x.shape)
        if not _broadcastable(self.shape, self._in_shape):
            fail("sum_to", "shape", f"a shape that {self._in_shape} was broadcast from",
                 f"{self.shape}")
        xp = self.xp
        axes, lead = _summed_axes(self._in_shape, self.shape)
        if len(axes) == lead:  # only leading axes: summing drops them, no reshape needed
            return (xp.sum(x, axis=axes) if axes else x,)
        y = xp.sum(x, axis=axes, keepdims=True)
        return (xp.reshape(y, self.shape) if lead else y,)

    def backward(self, indexes, grad_outputs):
        return (broadcast_to(grad_outputs[0], self._in_shape),)


def _broadcastable(small: tuple[int, ...], big: tuple[int, ...]) -> bool:
    if len(small) > len(big):
        return False
    return all([s == 1 or s == b for s, b in zip(small[::-1], big[::-1], strict=False)])


def _shape_arg(fn: str, shape: Any) -> tuple[int, ...]:
    shape = (shape,) if isinstance(shape, int) else tuple(shape)
    if not all([isinstance(s, int) and s >= 0 for s in shape]):
        fail(fn, "shape", "a tuple of non-negative ints", f"{shape}", kind="type")
    return shape


def broadcast_to(x: Variable | Any, shape: Any) -> Variable:
    """``x`` broadcast to ``shape`` (NumPy rules).

    >>> import numpy as np, flexgrad.functions as F
    >>> F.broadcast_to(np.array([1.0, 2.0]), (2, 2)).shape
    (2, 2)
    """
    shape = _shape_arg("broadcast_to", shape)
    if tuple(array_arg("broadcast_to", "x", x).shape) == shape:
        return x if isinstance(x, Variable) else Variable(x, requires_grad=False)
    return BroadcastTo(shape).apply((x,))[0]


def sum_to(x: Variable | Any, shape: Any) -> Variable:
    """Sum ``x`` over the axes that broadcasting from ``shape`` added or stretched.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.sum_to(np.ones((3, 2)), (1, 2)).array
    array([[3., 3.]])
    """
    shape = _shape_arg("sum_to", shape)
    if tuple(array_arg("sum_to", "x", x).shape) == shape:
        return x if isinstance(x, Variable) else Variable(x, requires_grad=False)
    return SumTo(shape).apply((x,))[0]
