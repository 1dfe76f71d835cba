"""squared_difference: Chainer's name for the elementwise ``(x1 - x2) ** 2``."""

from __future__ import annotations

from typing import Any

from ...backends import backend_of
from ...variable import Variable
from ..array._args import array_arg
from ..loss._args import check_pair
from .basic_math import sub
from .exponential import square


def squared_difference(x1: Variable | Any, x2: Variable | Any) -> Variable:
    """Elementwise ``(x1 - x2) ** 2`` of two float arrays of one shape and dtype.

    A composite of ``-`` and ``square``, which give its gradient.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.squared_difference(np.array([1.0, 2.0]), np.array([3.0, 2.0])).array
    array([4., 0.])
    """
    a = array_arg("squared_difference", "x1", x1)
    check_pair("squared_difference", ("x1", "x2"), a,
               array_arg("squared_difference", "x2", x2), backend_of(a))
    return square(sub(x1, x2))
