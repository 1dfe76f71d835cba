"""fixed_batch_renormalization: batch renormalization at inference, with given statistics."""

from __future__ import annotations

from typing import Any

from ...variable import Variable
from .batch_normalization import _check, fixed_batch_normalization


def fixed_batch_renormalization(x: Variable | Any, gamma: Variable | Any, beta: Variable | Any,
                                mean: Variable | Any, var: Variable | Any,
                                eps: float = 2e-5) -> Variable:
    """Batch renormalization with the running statistics ``mean`` and ``var`` given, as at
    inference: the corrections ``r`` and ``d`` are then 1 and 0, so this is
    :func:`fixed_batch_normalization` (``gamma * (x - mean) / sqrt(var + eps) + beta``),
    under Chainer's name for it. Every argument gets a gradient.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.fixed_batch_renormalization(np.array([[3.0], [5.0]]), np.ones(1), np.zeros(1),
    ...                               np.array([4.0]), np.array([1.0]), eps=0.0).array
    array([[-1.],
           [ 1.]])
    """
    _check("fixed_batch_renormalization", x, gamma, beta, None, mean=mean, var=var)
    return fixed_batch_normalization(x, gamma, beta, mean, var, eps)
