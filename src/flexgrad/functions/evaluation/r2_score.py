"""The coefficient of determination R^2 (not differentiable: an evaluation metric)."""

from __future__ import annotations

from typing import Any

from ...errors import fail
from ...function_node import FunctionNode
from ...variable import Variable
from ..array._args import array_arg
from ..loss._args import check_option, check_pair

_FN = "r2_score"


class R2Score(FunctionNode):
    """``1 - SS_res / SS_tot`` per output column (axis 0 holds the samples)."""

    __slots__ = ("multioutput",)

    def __init__(self, multioutput: str) -> None:
        self.multioutput = multioutput

    def forward(self, inputs):
        pred, true = inputs
        xp = self.xp
        check_pair(_FN, ("pred", "true"), pred, true, self.backend)
        if pred.ndim == 0:
            fail(_FN, "pred", "an array with a sample axis 0", pred)
        ss_res = xp.sum((pred - true) ** 2, axis=0)
        ss_tot = xp.sum((true - xp.mean(true, axis=0)) ** 2, axis=0)
        constant = ss_tot == 0  # a constant column scores 0, as in Chainer
        ratio = ss_res / xp.where(constant, xp.ones_like(ss_tot), ss_tot)
        score = xp.where(constant, xp.zeros_like(ss_tot), 1.0 - ratio)
        return (xp.mean(score) if self.multioutput == "uniform_average" else score,)


def r2_score(pred: Variable | Any, true: Variable | Any, sample_weight: Any = None,
             multioutput: str = "uniform_average") -> Variable:
    """R^2, the coefficient of determination of ``pred`` against ``true``.

    Not differentiable (an evaluation metric): the result is a Variable that needs no
    gradient, whatever its inputs.

    Args:
        pred, true: float arrays of one shape and dtype; axis 0 indexes the samples.
        sample_weight: must be None (Chainer does not implement it either).
        multioutput: ``'uniform_average'`` (the mean over outputs, a scalar) or
            ``'raw_values'`` (one score per output, shape ``pred.shape[1:]``).
            A column whose ``true`` values are all equal scores 0.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.r2_score(np.array([1.0, 2.0, 4.0]), np.array([1.0, 2.0, 3.0])).array
    array(0.5)
    """
    if sample_weight is not None:
        raise NotImplementedError("flexgrad.functions.r2_score: sample_weight is not "
                                  "supported (nor is it in Chainer); pass None")
    check_option(_FN, "multioutput", multioutput, ("uniform_average", "raw_values"))
    arrays = (array_arg(_FN, "pred", pred), array_arg(_FN, "true", true))  # no graph
    return R2Score(multioutput).apply(arrays)[0]
