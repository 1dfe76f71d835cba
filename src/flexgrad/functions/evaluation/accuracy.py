"""Classification accuracy (not differentiable: an evaluation metric)."""

from __future__ import annotations

from typing import Any

from ...errors import expect_float, expect_integer, fail
from ...function_node import FunctionNode
from ...variable import Variable
from ..array._args import array_arg, is_int

_FN = "accuracy"


class Accuracy(FunctionNode):
    """The fraction of instances whose arg-max class along axis 1 equals the label."""

    __slots__ = ("ignore_label",)

    def __init__(self, ignore_label: int | None) -> None:
        self.ignore_label = ignore_label

    def forward(self, inputs):
        y, t = inputs
        xp, backend = self.xp, self.backend
        expect_float(_FN, "y", y, backend)
        expect_integer(_FN, "t", t, backend)
        k = t.ndim
        expected = (y.shape[0],) + tuple(y.shape[2:k + 1]) if y.ndim >= 2 else None
        if (expected is None or k == 0 or tuple(t.shape) != expected
                or any(n != 1 for n in y.shape[k + 1:])):
            fail(_FN, "t", "labels of y's shape without its class axis 1 (y may have "
                 "extra trailing axes of length 1)", t)
        pred = backend.reshape(xp.argmax(y, axis=1), tuple(t.shape))
        hit = pred == t
        if self.ignore_label is None:
            return (xp.mean(xp.astype(hit, y.dtype)),)
        counted = t != self.ignore_label
        hits = xp.sum(xp.astype(hit & counted, y.dtype))
        total = xp.sum(xp.astype(counted, y.dtype))
        return (hits / xp.clip(total, min=1.0),)  # all ignored: 0, as in Chainer


def accuracy(y: Variable | Any, t: Variable | Any, ignore_label: int | None = None) -> Variable:
    """The fraction of instances classified right: ``argmax(y, axis=1) == t``.

    Not differentiable (an evaluation metric): the result is a Variable that needs no
    gradient, whatever its inputs.

    Args:
        y: float scores of shape ``(N, C, ...)``.
        t: integer labels of shape ``(N, ...)``.
        ignore_label: labels equal to it count neither as right nor at all. When every
            label is ignored the accuracy is 0, as in Chainer.

    Returns:
        A 0-d Variable of ``y``'s dtype.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.accuracy(np.array([[0.9, 0.1], [0.2, 0.8]]), np.array([0, 0])).array
    array(0.5)
    """
    if ignore_label is not None and not is_int(ignore_label):
        fail(_FN, "ignore_label", "None or an int", f"{ignore_label!r}", kind="type")
    arrays = (array_arg(_FN, "y", y), array_arg(_FN, "t", t))  # no graph: not differentiable
    return Accuracy(None if ignore_label is None else int(ignore_label)).apply(arrays)[0]
