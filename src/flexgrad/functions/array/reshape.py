"""Shape changes that keep every element: reshape, expand_dims, squeeze, flatten."""

from __future__ import annotations

import math
from typing import Any

from ...errors import fail, normalize_axes, normalize_axis
from ...function_node import FunctionNode
from ...variable import Variable
from ._args import array_arg


class Reshape(FunctionNode):
    __slots__ = ("shape", "_in_shape")

    def __init__(self, shape: tuple[int, ...]) -> None:
        self.shape = shape

    def forward(self, inputs):
        (x,) = inputs
        self._in_shape = tuple(x.shape)
        return (self.backend.reshape(x, self.shape),)

    def backward(self, indexes, grad_outputs):
        return (reshape(grad_outputs[0], self._in_shape),)


def _target_shape(fn: str, in_shape: tuple[int, ...], shape: Any) -> tuple[int, ...]:
    shape = (shape,) if isinstance(shape, int) else tuple(shape)
    if not all(isinstance(s, int) and s >= -1 for s in shape) or shape.count(-1) > 1:
        fail(fn, "shape", "ints >= 0 with at most one -1", f"{shape}", kind="type")
    size = math.prod(in_shape)
    known = math.prod(s for s in shape if s != -1)
    if -1 in shape:
        if known == 0 or size % known:
            fail(fn, "shape", f"a shape with {size} elements", f"{shape} for input {in_shape}")
        shape = tuple(size // known if s == -1 else s for s in shape)
    elif known != size:
        fail(fn, "shape", f"a shape with {size} elements (input {in_shape})", f"{shape}")
    return shape


def reshape(x: Variable | Any, shape: Any) -> Variable:
    """``x`` with a new shape of the same size; one entry may be -1.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.reshape(np.arange(6.0), (2, -1)).shape
    (2, 3)
    """
    shape = _target_shape("reshape", tuple(array_arg("reshape", "x", x).shape), shape)
    if tuple(x.shape) == shape:
        return x if isinstance(x, Variable) else Variable(x, requires_grad=False)
    return Reshape(shape).apply((x,))[0]


def expand_dims(x: Variable | Any, axis: int) -> Variable:
    """``x`` with a new axis of length 1 at ``axis``."""
    shape = tuple(array_arg("expand_dims", "x", x).shape)
    axis = normalize_axis("expand_dims", axis, len(shape) + 1)
    return Reshape(shape[:axis] + (1,) + shape[axis:]).apply((x,))[0]


def squeeze(x: Variable | Any, axis: Any = None) -> Variable:
    """``x`` without its length-1 axes (all of them, or those in ``axis``)."""
    shape = tuple(array_arg("squeeze", "x", x).shape)
    if axis is None:
        axes = tuple(i for i, s in enumerate(shape) if s == 1)
    else:
        axes = normalize_axes("squeeze", axis, len(shape))
        for a in axes:
            if shape[a] != 1:
                fail("squeeze", "axis", "axes of length 1", f"axis {a} of shape {shape}")
    return Reshape(tuple(s for i, s in enumerate(shape) if i not in axes)).apply((x,))[0]


def flatten(x: Variable | Any) -> Variable:
    """``x`` as a 1-d array."""
    return Reshape((math.prod(array_arg("flatten", "x", x).shape),)).apply((x,))[0]
