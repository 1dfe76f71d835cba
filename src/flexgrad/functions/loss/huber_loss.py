"""Huber loss: squared near the target, linear beyond ``delta`` (robust regression)."""

from __future__ import annotations

import numbers
from typing import Any

from ...errors import fail
from ...function_node import FunctionNode
from ...variable import Variable
from ..array._args import array_arg
from ..array.reshape import expand_dims
from ..math.select import clip
from ._args import check_option, check_pair

_FN = "huber_loss"


class HuberLoss(FunctionNode):
    """``0.5 d**2`` where ``|d| <= delta``, else ``delta (|d| - 0.5 delta)``, ``d = x - t``;
    the gradient is ``clip(d, -delta, delta)``, which stays differentiable."""

    __slots__ = ("delta", "reduce")

    def __init__(self, delta: float, reduce: str) -> None:
        self.delta = delta
        self.reduce = reduce

    def forward(self, inputs):
        x, t = inputs
        xp = self.xp
        check_pair(_FN, ("x", "t"), x, t, self.backend)
        if self.reduce == "sum_along_second_axis" and x.ndim < 2:
            fail(_FN, "x", "an array of 2 or more axes (reduce='sum_along_second_axis')", x)
        self.retain_inputs((0, 1))
        d = x - t
        a = xp.abs(d)
        delta = self.delta
        loss = xp.where(a <= delta, 0.5 * d * d, delta * (a - 0.5 * delta))
        return (xp.sum(loss, axis=1) if self.reduce != "no" else loss,)

    def backward(self, indexes, grad_outputs):
        x, t = self.get_retained_inputs()
        (gy,) = grad_outputs
        if self.reduce != "no":
            gy = expand_dims(gy, 1)
        gx = gy * clip(x - t, -self.delta, self.delta)
        return tuple(gx if i == 0 else -gx for i in indexes)


def huber_loss(x: Variable | Any, t: Variable | Any, delta: float,
               reduce: str = "sum_along_second_axis") -> Variable:
    """The Huber loss of ``x`` against ``t``: quadratic for ``|x - t| <= delta``, linear
    beyond, so outliers pull with a bounded force.

    Args:
        x, t: float arrays of one shape and dtype; both get a gradient.
        delta: the positive threshold between the quadratic and the linear part.
        reduce: ``'sum_along_second_axis'`` (sum over axis 1: shape ``x.shape`` without
            axis 1) or ``'no'`` (elementwise).

    >>> import numpy as np, flexgrad.functions as F
    >>> F.huber_loss(np.array([[0.5, 3.0]]), np.array([[0.0, 0.0]]), delta=1.0).array
    array([2.625])
    """
    array_arg(_FN, "x", x)
    array_arg(_FN, "t", t)
    if not isinstance(delta, numbers.Real) or isinstance(delta, bool):
        fail(_FN, "delta", "a positive real number", f"{delta!r}", kind="type")
    if not delta > 0:
        fail(_FN, "delta", "a positive real number", f"{delta!r}")
    check_option(_FN, "reduce", reduce, ("sum_along_second_axis", "no"))
    return HuberLoss(float(delta), reduce).apply((x, t))[0]
