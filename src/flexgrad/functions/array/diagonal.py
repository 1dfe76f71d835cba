"""diagonal: the diagonal of two axes of an array, as ``numpy.diagonal``."""

from __future__ import annotations

from typing import Any

from ...errors import fail, normalize_axis
from ...variable import Variable
from ._args import array_arg, is_int
from .get_item import get_item
from .transpose import transpose


def diagonal(x: Variable | Any, offset: int = 0, axis1: int = 0, axis2: int = 1) -> Variable:
    """The elements ``x[..., i, i + offset]`` of axes ``axis1`` and ``axis2``.

    Those two axes are removed and the diagonal becomes the last axis, as in NumPy.
    A composite of transpose and a gather (``get_item``), so it needs no backward of its
    own.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.diagonal(np.arange(9.0).reshape(3, 3), offset=1).array
    array([1., 5.])
    """
    array = array_arg("diagonal", "x", x)
    if array.ndim < 2:
        fail("diagonal", "x", "an array of 2 or more dims", array)
    if not is_int(offset):
        fail("diagonal", "offset", "an int", f"{offset!r}", kind="type")
    a1 = normalize_axis("diagonal", axis1, array.ndim, "axis1")
    a2 = normalize_axis("diagonal", axis2, array.ndim, "axis2")
    if a1 == a2:
        fail("diagonal", "axis2", f"an axis other than axis1 ({a1})", f"{axis2}")
    n1, n2 = array.shape[a1], array.shape[a2]
    rows = list(range(max(0, -offset), min(n1, n2 - offset)))
    cols = [i + offset for i in rows]
    rest = [a for a in range(array.ndim) if a not in (a1, a2)]
    if rest + [a1, a2] != list(range(array.ndim)):
        x = transpose(x, (*rest, a1, a2))
    return get_item(x, (Ellipsis, rows, cols))
