"""Cumulative sum and product along an axis (the flattened array when ``axis`` is None)."""

from __future__ import annotations

from typing import Any

from ... import backends
from ...errors import expect_float, fail, normalize_axis
from ...function_node import FunctionNode
from ...variable import Variable
from ..array._args import array_arg
from ..array.concat import concat
from ..array.get_item import get_item
from ..array.reshape import reshape


class CumSum(FunctionNode):
    """Running sum along ``axis``, from the start or, ``reverse``, from the end.

    Each direction's gradient is the other direction's running sum of the gradient.
    """

    __slots__ = ("axis", "reverse")

    def __init__(self, axis: int, reverse: bool = False) -> None:
        self.axis = axis
        self.reverse = reverse

    def forward(self, inputs):
        (x,) = inputs
        xp = self.xp
        if not self.reverse:
            return (xp.cumulative_sum(x, axis=self.axis),)
        flipped = xp.cumulative_sum(xp.flip(x, axis=self.axis), axis=self.axis)
        return (xp.flip(flipped, axis=self.axis),)

    def backward(self, indexes, grad_outputs):
        return CumSum(self.axis, not self.reverse).apply(grad_outputs)


class CumProd(FunctionNode):
    """Running product along ``axis``. The gradient needs no division, so zeros are fine:

    ``gx_i = prod_{k<i} x_k * z_i`` with ``z_i = gy_i + x_{i+1} z_{i+1}``, a linear
    recurrence solved by a parallel scan (``log2(n)`` steps of flexgrad functions).
    """

    __slots__ = ("axis",)

    def __init__(self, axis: int) -> None:
        self.axis = axis

    def forward(self, inputs):
        self.retain_inputs((0,))
        self.retain_outputs((0,))
        return (self.xp.cumulative_prod(inputs[0], axis=self.axis),)

    def backward(self, indexes, grad_outputs):
        (x,) = self.get_retained_inputs()
        (y,) = self.get_retained_outputs()
        axis, n = self.axis, x.shape[self.axis]
        z = _suffix_recurrence(_shifted(x, 1, axis), grad_outputs[0], axis)
        before = concat([self.xp.ones_like(_slice(y.array, 0, 1, axis)),
                         _slice(y, 0, n - 1, axis)], axis)  # prod_{k<i} x_k
        return (before * z,)


def _slice(x: Any, start: int, stop: int, axis: int) -> Any:
    key = (slice(None),) * axis + (slice(start, stop), ...)
    return get_item(x, key) if isinstance(x, Variable) else x[key]


def _shifted(v: Variable, d: int, axis: int) -> Variable:
    """``v`` moved ``d`` places toward the start of ``axis``, zeros filling the end."""
    n = v.shape[axis]
    if d >= n:
        return v * 0.0
    tail = _slice(v.array, 0, d, axis)
    return concat([_slice(v, d, n, axis), backends.backend_of(tail).xp.zeros_like(tail)], axis)


def _suffix_recurrence(a: Variable, b: Variable, axis: int) -> Variable:
    """``z`` with ``z_i = b_i + a_i z_{i+1}`` (and ``z_n = 0``) along ``axis``.

    Each step composes every affine map ``z -> a_i z + b_i`` with the one ``d`` places on
    (Hillis and Steele's scan), so ``ceil(log2(n))`` steps suffice and nothing divides.
    """
    d, n = 1, a.shape[axis]
    while d < n:
        b = b + a * _shifted(b, d, axis)
        a = a * _shifted(a, d, axis)
        d *= 2
    return b


def _prepare(fn: str, x: Variable | Any, axis: Any) -> tuple[Variable | Any, int]:
    """``x`` (flattened when ``axis`` is None) and ``axis`` as a non-negative int."""
    array = array_arg(fn, "x", x)
    expect_float(fn, "x", array, backends.backend_of(array))
    if axis is None:
        return reshape(x, (-1,)), 0
    if array.ndim == 0:
        fail(fn, "x", "an array with at least one axis (or axis=None)", array)
    return x, normalize_axis(fn, axis, array.ndim)


def cumsum(x: Variable | Any, axis: int | None = None) -> Variable:
    """Cumulative sum of ``x`` along ``axis``; ``axis=None`` flattens ``x`` first.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.cumsum(np.array([[1.0, 2.0], [3.0, 4.0]]), axis=1).array
    array([[1., 3.],
           [3., 7.]])
    """
    x, axis = _prepare("cumsum", x, axis)
    return CumSum(axis).apply((x,))[0]


def cumprod(x: Variable | Any, axis: int | None = None) -> Variable:
    """Cumulative product of ``x`` along ``axis``; ``axis=None`` flattens ``x`` first.

    The gradient is exact with zeros in ``x`` (no division by ``x``), and twice
    differentiable.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.cumprod(np.array([1.0, 2.0, 0.0, 4.0])).array
    array([1., 2., 0., 0.])
    """
    x, axis = _prepare("cumprod", x, axis)
    return CumProd(axis).apply((x,))[0]
