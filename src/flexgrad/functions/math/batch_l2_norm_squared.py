"""batch_l2_norm_squared: the squared L2 norm of each sample of a batch."""

from __future__ import annotations

from typing import Any

from ...errors import fail
from ...variable import Variable
from ..array._args import array_arg
from ..array.reshape import reshape
from .sum import sum as sum_


def batch_l2_norm_squared(x: Variable | Any) -> Variable:
    """``sum(x[i] ** 2)`` for each ``i`` along axis 0: a ``(B,)`` Variable.

    A composite of reshape, product and sum, so it needs no backward of its own.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.batch_l2_norm_squared(np.array([[3.0, 4.0], [1.0, 0.0]])).array
    array([25.,  1.])
    """
    array = array_arg("batch_l2_norm_squared", "x", x)
    if array.ndim < 2:
        fail("batch_l2_norm_squared", "x", "an array of 2 or more dims (batch first)", array)
    flat = reshape(x, (array.shape[0], -1))
    return sum_(flat * flat, axis=1)
