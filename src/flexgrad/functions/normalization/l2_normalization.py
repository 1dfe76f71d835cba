"""normalize: divide by the L2 norm along some axes (Chainer's NormalizeL2)."""

from __future__ import annotations

from typing import Any

from ...configuration import config
from ...errors import expect_float, normalize_axes
from ...function_node import FunctionNode
from ...variable import Variable, _new_constant
from ..array._args import array_arg
from ..math.sum import sum as _sum


class NormalizeL2(FunctionNode):
    """``y = x / (||x|| + eps)`` over ``axes``; second output ``||x||`` (kept dims).

    The norm is an output so that backward, which needs it, keeps it as a retained output
    and stays exact to any order. Where a whole slice of ``x`` is 0 the norm has no
    derivative; the gradient there is ``gy / eps``, the limit from every direction, and
    no NaN appears in any order.
    """

    __slots__ = ("axes", "eps")

    def __init__(self, axes: tuple[int, ...], eps: float) -> None:
        self.axes = axes
        self.eps = eps

    def forward(self, inputs):
        (x,) = inputs
        expect_float("normalize", "x", x, self.backend)
        xp = self.xp
        norm = xp.sqrt(xp.sum(x * x, axis=self.axes, keepdims=True))
        self.retain_inputs((0,))
        self.retain_outputs((0, 1))
        return x / (norm + self.eps), norm

    def backward(self, indexes, grad_outputs):
        gy, g_norm = grad_outputs
        axes = self.axes
        if config.enable_backprop:  # double backprop: the same formulas, recorded
            (x,), (y, norm) = self.get_retained_inputs(), self.get_retained_outputs()
            zero = self.xp.astype(norm.array == 0, norm.dtype)

            def total(v: Any) -> Any:
                return _sum(v, axes, keepdims=True)
        else:
            (x,), (y, norm) = self.get_retained_arrays(), self.get_retained_arrays(True)
            zero = self.xp.astype(norm == 0, norm.dtype)
            gy = None if gy is None else gy.array
            g_norm = None if g_norm is None else g_norm.array

            def total(v: Any) -> Any:
                return self.xp.sum(v, axis=axes, keepdims=True)
        # gx = gy / n + x / ||x|| * (g_norm - sum(gy * y) / n), n = ||x|| + eps; where
        # ||x|| is 0, x is 0 too and dividing by 1 instead keeps that term 0
        outer = None if g_norm is None else g_norm
        if gy is not None:
            inner = total(gy * y) / (norm + self.eps)
            outer = -inner if outer is None else outer - inner
        gx = x * (outer / (norm + zero))
        if gy is not None:
            gx = gy / (norm + self.eps) + gx
        return (gx if isinstance(gx, Variable) else _new_constant(gx),)


def normalize(x: Variable | Any, eps: float = 1e-5, axis: Any = 1) -> Variable:
    """L2 normalization: ``x / (sqrt(sum(x**2, axis)) + eps)``.

    Args:
        x: a float array.
        eps: added to the norm, so a zero slice stays 0 and has a finite gradient.
        axis: an int or tuple of ints to take the norm over.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.normalize(np.array([[3.0, 4.0], [0.0, 0.0]])).array.round(4)
    array([[0.6, 0.8],
           [0. , 0. ]])
    """
    xa = array_arg("normalize", "x", x)
    axes = normalize_axes("normalize", axis, xa.ndim)
    return NormalizeL2(axes, eps).apply((x,))[0]
