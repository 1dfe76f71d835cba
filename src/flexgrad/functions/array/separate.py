"""separate: the slices of an array along one axis, as separate Variables."""

from __future__ import annotations

from typing import Any

from ...errors import fail, normalize_axis
from ...variable import Variable
from ._args import array_arg
from .reshape import reshape
from .split_axis import split_axis


def separate(x: Variable | Any, axis: int = 0) -> tuple[Variable, ...]:
    """``(x[0], x[1], ...)`` taken along ``axis``, each without that axis.

    A composite of split_axis and reshape, so it needs no backward of its own.

    >>> import numpy as np, flexgrad.functions as F
    >>> [y.array.tolist() for y in F.separate(np.array([[1.0, 2.0], [3.0, 4.0]]), axis=1)]
    [[1.0, 3.0], [2.0, 4.0]]
    """
    array = array_arg("separate", "x", x)
    if array.ndim == 0:
        fail("separate", "x", "an array with at least one axis", array)
    axis = normalize_axis("separate", axis, array.ndim)
    n = array.shape[axis]
    if n == 0:
        return ()
    shape = tuple(array.shape[:axis]) + tuple(array.shape[axis + 1:])
    return tuple(reshape(y, shape) for y in split_axis(x, n, axis))
