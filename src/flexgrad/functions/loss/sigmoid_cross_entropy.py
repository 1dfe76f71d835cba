"""Sigmoid cross entropy: the binary (multi-label) classification loss on logits."""

from __future__ import annotations

from typing import Any

from ...errors import expect_float, fail
from ...function_node import FunctionNode
from ...variable import Variable
from ..activation.sigmoid import sigmoid
from ..array._args import array_arg
from ._args import check_labels, check_option, nan_where

_FN = "sigmoid_cross_entropy"


class SigmoidCrossEntropy(FunctionNode):
    """``softplus(x) - x * t`` where ``t`` is 0 or 1, and 0 where ``t`` is -1 (ignored).

    The gradient is ``(sigmoid(x) - t) * gloss`` where the label is used.
    """

    __slots__ = ("normalize", "reduce", "_mask", "_coeff")

    def __init__(self, normalize: bool, reduce: str) -> None:
        self.normalize = normalize
        self.reduce = reduce

    def forward(self, inputs):
        x, t = inputs
        xp, backend = self.xp, self.backend
        expect_float(_FN, "x", x, backend)
        if tuple(t.shape) != tuple(x.shape):
            fail(_FN, "t", f"labels of x's shape {tuple(x.shape)}", t)
        used, bad = check_labels(_FN, t, 2, backend, ignore_label=-1)
        mask = xp.astype(used, x.dtype)
        if bad is not None:
            mask = nan_where(xp, bad, mask)
        self._mask = mask
        self.retain_inputs((0, 1))
        # softplus(x) - x t, written so that exp never overflows
        loss = (xp.log1p(xp.exp(-xp.abs(x))) + xp.clip(x, min=0.0)
                - x * xp.astype(t, x.dtype)) * mask
        if self.reduce == "no":
            return (loss,)
        if self.normalize:
            self._coeff = 1.0 / xp.clip(xp.sum(xp.astype(used, x.dtype)), min=1.0)
        else:
            self._coeff = 1.0 / max(x.shape[0] if x.ndim else 1, 1)
        return (xp.sum(loss) * self._coeff,)

    def backward(self, indexes, grad_outputs):
        x, t = self.get_retained_inputs()
        (gloss,) = grad_outputs
        if self.reduce == "mean":
            gloss = gloss * self._coeff
        xp = self.xp
        return (gloss * ((sigmoid(x) - xp.astype(t.array, x.dtype)) * self._mask),)


def sigmoid_cross_entropy(x: Variable | Any, t: Variable | Any, normalize: bool = True,
                          reduce: str = "mean") -> Variable:
    """Cross entropy of ``sigmoid(x)`` against binary labels ``t`` (elementwise).

    Args:
        x: float logits of any shape.
        t: integer labels of ``x``'s shape: 0, 1, or -1 (ignored: no loss, no gradient).
            Another label is an error on eager backends; on Dask (where checking would
            force a compute) it makes the loss NaN.
        normalize: with ``reduce='mean'``, divide the summed loss by the number of labels
            not ignored (at least 1); if False, by ``x.shape[0]``.
        reduce: ``'mean'`` (a scalar) or ``'no'`` (the elementwise loss, 0 where ignored).

    >>> import numpy as np, flexgrad.functions as F
    >>> F.sigmoid_cross_entropy(np.array([[0.0, 100.0]]), np.array([[1, -1]])).array
    array(0.69314718)
    """
    array_arg(_FN, "x", x)
    t = array_arg(_FN, "t", t)  # labels are never differentiated: no graph edge for them
    if not isinstance(normalize, bool):
        fail(_FN, "normalize", "a bool", f"{normalize!r}", kind="type")
    check_option(_FN, "reduce", reduce, ("mean", "no"))
    return SigmoidCrossEntropy(normalize, reduce).apply((x, t))[0]
