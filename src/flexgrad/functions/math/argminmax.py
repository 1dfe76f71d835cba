"""argmax and argmin: int32 indices, which have no gradient (Chainer's behaviour)."""

from __future__ import annotations

import math
from typing import Any

from ... import backends
from ...errors import expect_float, fail, normalize_axis
from ...variable import Variable
from ..array._args import array_arg


def _index(fn: str, x: Variable | Any, axis: int | None) -> Variable:
    array = array_arg(fn, "x", x)
    backend = backends.backend_of(array)
    expect_float(fn, "x", array, backend)
    if axis is not None:
        axis = normalize_axis(fn, axis, array.ndim)
        empty = array.shape[axis] == 0
    else:
        empty = math.prod(array.shape) == 0
    if empty:
        fail(fn, "x", "at least one element along the axis", array)
    xp = backend.xp
    y = xp.astype(getattr(xp, fn)(array, axis=axis), backend.dtype("int32"))
    return Variable(y if type(y) is backend.array_type else backend.as_array(y),
                    requires_grad=False)


def argmax(x: Variable | Any, axis: int | None = None) -> Variable:
    """Index of the maximum of ``x`` along ``axis`` (of the flattened ``x`` when None).

    Returns an int32 Variable outside the graph: indices have no gradient. Ties give the
    first index, as NumPy.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.argmax(np.array([[1.0, 5.0], [7.0, 2.0]]), axis=1).array
    array([1, 0], dtype=int32)
    """
    return _index("argmax", x, axis)


def argmin(x: Variable | Any, axis: int | None = None) -> Variable:
    """Index of the minimum of ``x`` along ``axis`` (of the flattened ``x`` when None).

    Returns an int32 Variable outside the graph: indices have no gradient. Ties give the
    first index, as NumPy.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.argmin(np.array([[1.0, 5.0], [7.0, 2.0]])).array
    array(0, dtype=int32)
    """
    return _index("argmin", x, axis)
