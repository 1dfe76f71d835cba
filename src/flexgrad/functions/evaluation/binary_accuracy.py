"""Binary classification accuracy (not differentiable: an evaluation metric)."""

from __future__ import annotations

from typing import Any

from ...errors import expect_float, expect_integer, fail
from ...function_node import FunctionNode
from ...variable import Variable
from ..array._args import array_arg

_FN = "binary_accuracy"


class BinaryAccuracy(FunctionNode):
    """The fraction of labels 0 or 1 matched by ``y >= 0``; labels of -1 are ignored."""

    __slots__ = ()

    def forward(self, inputs):
        y, t = inputs
        xp, backend = self.xp, self.backend
        expect_float(_FN, "y", y, backend)
        expect_integer(_FN, "t", t, backend)
        if tuple(t.shape) != tuple(y.shape):
            fail(_FN, "t", f"labels of y's shape {tuple(y.shape)}", t)
        hit = xp.astype(y >= 0, t.dtype) == t
        hits = xp.sum(xp.astype(hit, y.dtype))
        counted = xp.sum(xp.astype(t != -1, y.dtype))
        return (hits / xp.clip(counted, min=1.0),)  # all ignored: 0, as in Chainer


def binary_accuracy(y: Variable | Any, t: Variable | Any) -> Variable:
    """The fraction of binary labels predicted right: ``y >= 0`` (logits) against ``t``.

    Not differentiable (an evaluation metric): the result is a Variable that needs no
    gradient, whatever its inputs.

    Args:
        y: float logits of any shape.
        t: integer labels of ``y``'s shape: 0, 1, or -1 (ignored). With every label
            ignored the accuracy is 0.

    Returns:
        A 0-d Variable of ``y``'s dtype.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.binary_accuracy(np.array([2.0, -1.0, 0.5]), np.array([1, 1, -1])).array
    array(0.5)
    """
    arrays = (array_arg(_FN, "y", y), array_arg(_FN, "t", t))  # no graph: not differentiable
    return BinaryAccuracy().apply(arrays)[0]
