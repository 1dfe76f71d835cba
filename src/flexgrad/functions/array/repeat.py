"""repeat: each element repeated along an axis; a composite of existing functions."""

from __future__ import annotations

import math
from typing import Any

from ...errors import fail, normalize_axis
from ...variable import Variable
from ._args import array_arg, int_tuple
from .broadcast import broadcast_to
from .get_item import get_item
from .reshape import reshape


def repeat(x: Variable | Any, repeats: Any, axis: int | None = None) -> Variable:
    """Repeat each element of ``x`` ``repeats`` times along ``axis``.

    A composite with no backward of its own: one count for all is a broadcast along a new
    axis that is then merged (the gradient sums the copies); a count per element is
    ``get_item`` with the repeated positions (the gradient scatter-adds).

    Args:
        x: the Variable or array to repeat.
        repeats: an int (the same count for every element) or a sequence of ints, one per
            element along ``axis``.
        axis: the axis to repeat along; None repeats the elements of the flattened ``x``
            and returns a 1-d result.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.repeat(np.array([[1.0, 2.0], [3.0, 4.0]]), (1, 2), axis=0).array
    array([[1., 2.],
           [3., 4.],
           [3., 4.]])
    """
    array = array_arg("repeat", "x", x)
    repeats = int_tuple("repeat", "repeats", repeats)
    shape = tuple(array.shape)
    if axis is None:
        shape, axis = (math.prod(shape),), 0
        x = reshape(x, shape)
    elif array.ndim == 0:
        fail("repeat", "x", "an array with at least one axis when axis is given", array)
    else:
        axis = normalize_axis("repeat", axis, array.ndim)
    n = shape[axis]
    if len(repeats) == 1 and repeats[0] > 0:
        before, after, r = shape[:axis], shape[axis + 1:], repeats[0]
        copies = broadcast_to(reshape(x, before + (n, 1) + after), before + (n, r) + after)
        return reshape(copies, before + (n * r,) + after)
    if len(repeats) == 1:  # zero copies: Dask cannot reshape an empty broadcast
        repeats *= n
    if len(repeats) != n:
        fail("repeat", "repeats", f"one int or {n} ints (one per element along the axis)",
             f"{len(repeats)} ints")
    positions = [i for i, r in enumerate(repeats) for _ in range(r)]
    return get_item(x, (slice(None),) * axis + (positions,))
