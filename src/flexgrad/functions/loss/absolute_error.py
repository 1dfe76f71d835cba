"""Absolute error, elementwise and averaged."""

from __future__ import annotations

from typing import Any

from ...backends import backend_of
from ...variable import Variable
from ..array._args import array_arg
from ..math.basic_math import absolute, sub
from ._args import check_pair
from ._mean_error import MeanError


class MeanAbsoluteError(MeanError):
    """``mean(|x0 - x1|)``; the gradient is ``sign(x0 - x1) / size`` (0 where equal)."""

    __slots__ = ()
    name = "mean_absolute_error"

    def f(self, diff):
        return self.xp.abs(diff)

    def slope(self, diff):
        return self.xp.sign(diff.array)  # piecewise constant: its own derivative is 0


def mean_absolute_error(x0: Variable | Any, x1: Variable | Any) -> Variable:
    """Mean over every element of ``|x0 - x1|``; both of one shape and float dtype.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.mean_absolute_error(np.array([1.0, 2.0]), np.array([1.0, 5.0])).array
    array(1.5)
    """
    return MeanAbsoluteError().apply((x0, x1))[0]


def absolute_error(x0: Variable | Any, x1: Variable | Any) -> Variable:
    """Elementwise ``|x0 - x1|``; both of one shape and float dtype (no broadcasting).

    A composite of ``-`` and ``absolute``, which give its gradient (0 where equal).

    >>> import numpy as np, flexgrad.functions as F
    >>> F.absolute_error(np.array([1.0, 2.0]), np.array([1.0, 5.0])).array
    array([0., 3.])
    """
    a, b = array_arg("absolute_error", "x0", x0), array_arg("absolute_error", "x1", x1)
    check_pair("absolute_error", ("x0", "x1"), a, b, backend_of(a))
    return absolute(sub(x0, x1))
