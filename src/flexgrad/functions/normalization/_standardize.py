"""Standardize: ``(x - mean) / sqrt(var + eps)`` over some axes, the core of batch, layer
and group normalization."""

from __future__ import annotations

import math
from typing import Any

from ...configuration import config
from ...function_node import FunctionNode
from ...variable import Variable, _new_constant
from ..math.average import mean as _mean


class Standardize(FunctionNode):
    """``x`` centred and scaled over ``axes`` (biased variance), and ``1 / sqrt(var + eps)``.

    The second output, ``inv_std`` (kept dims), exists for backward: together with the
    first it is all the gradient needs, and as retained outputs both stay differentiable,
    so backward is exact to any order. Forward also leaves the batch ``mean`` and ``var``
    (kept dims) on the node, for running statistics.
    """

    __slots__ = ("axes", "eps", "mean", "var")

    def __init__(self, axes: tuple[int, ...], eps: float) -> None:
        self.axes = axes
        self.eps = eps

    def forward(self, inputs):
        (x,) = inputs
        xp = self.xp
        self.mean = xp.mean(x, axis=self.axes, keepdims=True)
        centred = x - self.mean
        self.var = xp.mean(centred * centred, axis=self.axes, keepdims=True)
        inv_std = 1.0 / xp.sqrt(self.var + self.eps)
        self.retain_outputs((0, 1))
        return centred * inv_std, inv_std

    def backward(self, indexes, grad_outputs):
        gy, g_inv = grad_outputs
        axes = self.axes
        if config.enable_backprop:  # double backprop: the same formulas, recorded
            y, inv_std = self.get_retained_outputs()

            def mean(v: Any) -> Any:
                return _mean(v, axes, keepdims=True)
        else:
            y, inv_std = self.get_retained_arrays(outputs=True)
            gy = None if gy is None else gy.array
            g_inv = None if g_inv is None else g_inv.array

            def mean(v: Any) -> Any:
                return self.xp.mean(v, axis=axes, keepdims=True)
        gx = None
        if gy is not None:
            gx = inv_std * (gy - mean(gy) - y * mean(gy * y))
        if g_inv is not None:  # d inv_std / dx = -inv_std**2 * y / count
            count = math.prod(y.shape[a] for a in axes)
            term = y * (g_inv * inv_std * inv_std * (-1.0 / count))
            gx = term if gx is None else gx + term
        return (gx if isinstance(gx, Variable) else _new_constant(gx),)


def standardize(x: Any, axes: tuple[int, ...], eps: float) -> tuple[Variable, Standardize]:
    """The standardized ``x`` and the node (whose ``mean`` and ``var`` forward filled)."""
    node = Standardize(axes, eps)
    return node.apply((x,))[0], node
