"""Softmax and log-softmax along one axis, stable for logits of any magnitude."""

from __future__ import annotations

from typing import Any

from ...errors import expect_float, fail, normalize_axis
from ...function_node import FunctionNode
from ...variable import Variable
from ..math.exponential import exp
from ..math.sum import sum as sum_


class _AlongAxis(FunctionNode):
    """Checks ``x`` and ``axis``; ``normalize`` gets ``x - max(x, axis)``, whose values are
    all <= 0, so ``exp`` cannot overflow. Backward keeps only ``y``."""

    __slots__ = ("axis",)
    name = ""

    def __init__(self, axis: int) -> None:
        self.axis = axis

    def normalize(self, xp: Any, shifted: Any) -> Any:
        raise NotImplementedError

    def forward(self, inputs):
        (x,) = inputs
        xp = self.xp
        expect_float(self.name, "x", x, self.backend)
        if x.ndim == 0:
            fail(self.name, "x", "an array with at least one axis", x)
        axis = self.axis = normalize_axis(self.name, self.axis, x.ndim)
        self.retain_outputs((0,))
        if x.shape[axis] == 0:  # nothing to normalize, and no maximum to take
            return (x,)
        return (self.normalize(xp, x - xp.max(x, axis=axis, keepdims=True)),)


class Softmax(_AlongAxis):
    """``exp(x) / sum(exp(x))``; backward: ``y * gy - y * sum(y * gy)``."""

    __slots__ = ()
    name = "softmax"

    def normalize(self, xp, shifted):
        e = xp.exp(shifted)
        return e / xp.sum(e, axis=self.axis, keepdims=True)

    def backward(self, indexes, grad_outputs):
        (y,) = self.get_retained_outputs()
        y_gy = y * grad_outputs[0]
        return (y_gy - y * sum_(y_gy, axis=self.axis, keepdims=True),)


class LogSoftmax(_AlongAxis):
    """``x - logsumexp(x)``; backward: ``gy - exp(y) * sum(gy)``."""

    __slots__ = ()
    name = "log_softmax"

    def normalize(self, xp, shifted):
        return shifted - xp.log(xp.sum(xp.exp(shifted), axis=self.axis, keepdims=True))

    def backward(self, indexes, grad_outputs):
        (y,) = self.get_retained_outputs()
        (gy,) = grad_outputs
        return (gy - exp(y) * sum_(gy, axis=self.axis, keepdims=True),)


def softmax(x: Variable | Any, axis: int = 1) -> Variable:
    """``exp(x) / sum(exp(x), axis)``: probabilities along ``axis``.

    The maximum is subtracted first, so logits of any magnitude give no overflow.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.softmax(np.array([[0.0, 0.0], [1e4, 0.0]])).array
    array([[0.5, 0.5],
           [1. , 0. ]])
    """
    return Softmax(axis).apply((x,))[0]


def log_softmax(x: Variable | Any, axis: int = 1) -> Variable:
    """``x - log(sum(exp(x), axis))``: log-probabilities along ``axis``.

    Computed from ``x - max(x)``: finite for logits of any magnitude, where
    ``log(softmax(x))`` would give ``-inf``.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.log_softmax(np.array([[1e4, 0.0]])).array
    array([[     0., -10000.]])
    """
    return LogSoftmax(axis).apply((x,))[0]
