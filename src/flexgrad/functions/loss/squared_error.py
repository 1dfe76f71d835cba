"""Squared error, elementwise and averaged."""

from __future__ import annotations

from typing import Any

from ...backends import backend_of
from ...variable import Variable
from ..array._args import array_arg
from ..math.basic_math import sub
from ..math.exponential import square
from ._args import check_pair
from ._mean_error import MeanError


class MeanSquaredError(MeanError):
    """``mean((x0 - x1) ** 2)``; the gradient is ``2 (x0 - x1) / size``."""

    __slots__ = ()
    name = "mean_squared_error"

    def f(self, diff):
        return diff * diff

    def slope(self, diff):
        return 2.0 * diff


def mean_squared_error(x0: Variable | Any, x1: Variable | Any) -> Variable:
    """Mean over every element of ``(x0 - x1) ** 2``; both of one shape and float dtype.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.mean_squared_error(np.array([1.0, 2.0]), np.array([1.0, 4.0])).array
    array(2.)
    """
    return MeanSquaredError().apply((x0, x1))[0]


def squared_error(x0: Variable | Any, x1: Variable | Any) -> Variable:
    """Elementwise ``(x0 - x1) ** 2``; both of one shape and float dtype (no broadcasting).

    A composite of ``-`` and ``square``, which give its gradient.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.squared_error(np.array([1.0, 2.0]), np.array([1.0, 4.0])).array
    array([0., 4.])
    """
    a, b = array_arg("squared_error", "x0", x0), array_arg("squared_error", "x1", x1)
    check_pair("squared_error", ("x0", "x1"), a, b, backend_of(a))
    return square(sub(x0, x1))
