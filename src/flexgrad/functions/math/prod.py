"""Product of array elements over axes, with a division-free gradient (exact at zeros)."""

from __future__ import annotations

import math
from typing import Any

from ...errors import expect_float
from ...function_node import FunctionNode
from ...variable import Variable
from ..array.broadcast import broadcast_to
from ..array.reshape import expand_dims, reshape
from ..array.transpose import transpose
from ._reduction import reduced_axes
from .select import where
from .sum import sum as _sum


class Prod(FunctionNode):
    """Product over ``axis``; d/dx_i is the product of the other elements of its slice."""

    __slots__ = ("axis", "keepdims", "_axes")

    def __init__(self, axis: Any = None, keepdims: bool = False) -> None:
        self.axis = axis
        self.keepdims = keepdims

    def forward(self, inputs):
        (x,) = inputs
        expect_float("prod", "x", x, self.backend)
        self._axes = reduced_axes("prod", self.axis, x.ndim)
        self.retain_inputs((0,))
        return (self.xp.prod(x, axis=self._axes, keepdims=self.keepdims),)

    def backward(self, indexes, grad_outputs):
        (x,) = self.get_retained_inputs()
        shape, axes = tuple(x.shape), self._axes
        kept = tuple(i for i in range(len(shape)) if i not in axes)
        order = kept + axes
        lead = tuple(shape[i] for i in kept)
        # Reduced axes last, flattened into one: each row is one slice of the product.
        if order != tuple(range(len(shape))):
            x = transpose(x, order)
        rows = reshape(x, lead + (math.prod(shape[i] for i in axes),))
        g = products_of_others(rows) * reshape(grad_outputs[0], lead + (1,))
        g = reshape(g, tuple(shape[i] for i in order))
        if order != tuple(range(len(shape))):
            g = transpose(g, tuple(sorted(range(len(order)), key=order.__getitem__)))
        return (g,)


class ProductsOfOthers(FunctionNode):
    """``e[..., i] = prod(x[..., j] for j != i)`` along the last axis, without division.

    Forward multiplies exclusive cumulative products from the left and from the right
    (linear time). Backward needs ``d e_i / d x_k = prod(x_j for j not in {i, k})``: row
    ``i`` of a stack with ``x_i`` set to 1, pushed through this op again (quadratic in the
    axis length, but only for second-order gradients).
    """

    __slots__ = ()

    def forward(self, inputs):
        (x,) = inputs
        xp = self.xp
        self.retain_inputs((0,))
        left = xp.cumulative_prod(x, axis=-1, include_initial=True)[..., :-1]
        flipped = xp.cumulative_prod(xp.flip(x, axis=-1), axis=-1, include_initial=True)
        return (left * xp.flip(flipped[..., :-1], axis=-1),)

    def backward(self, indexes, grad_outputs):
        (x,) = self.get_retained_inputs()
        shape = tuple(x.shape)
        n = shape[-1]
        diagonal = self.xp.eye(n, dtype=self.xp.bool, device=self.backend.device_arg(x.array))
        stack = where(diagonal, 1.0, broadcast_to(expand_dims(x, -2), shape + (n,)))
        partials = where(diagonal, 0.0, products_of_others(stack))
        return (_sum(partials * expand_dims(grad_outputs[0], -1), axis=-2),)


def products_of_others(x: Variable | Any) -> Variable:
    return ProductsOfOthers().apply((x,))[0]


def prod(x: Variable | Any, axis: Any = None, keepdims: bool = False) -> Variable:
    """Product of the elements of ``x`` over ``axis`` (all axes when None).

    The gradient never divides by ``x``, so it is exact where elements are zero.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.prod(np.array([[1.0, 2.0], [3.0, 4.0]]), axis=1).array
    array([ 2., 12.])
    """
    return Prod(axis, keepdims).apply((x,))[0]
