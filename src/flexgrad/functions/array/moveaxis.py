"""moveaxis and rollaxis: axis permutations named by where axes go (NumPy's functions)."""

from __future__ import annotations

from typing import Any

from ...errors import fail, normalize_axis
from ...variable import Variable
from ._args import array_arg, is_int
from .transpose import Transpose


def _permuted(x: Variable | Any, order: list[int]) -> Variable:
    if order == sorted(order):
        return x if isinstance(x, Variable) else Variable(x, requires_grad=False)
    return Transpose(tuple(order)).apply((x,))[0]


def _axes(arg: str, value: Any, ndim: int) -> tuple[int, ...]:
    values = (value,) if is_int(value) else value
    if not isinstance(values, (list, tuple)):
        fail("moveaxis", arg, "an int or a tuple of ints", f"{value!r}", kind="type")
    axes = tuple(normalize_axis("moveaxis", a, ndim, arg) for a in values)
    if len(set(axes)) != len(axes):
        fail("moveaxis", arg, "distinct axes", f"{value!r}")
    return axes


def moveaxis(x: Variable | Any, source: Any, destination: Any) -> Variable:
    """``x`` with axes ``source`` moved to positions ``destination`` (ints or tuples of
    ints), the other axes keeping their order.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.moveaxis(np.zeros((2, 3, 4)), 0, -1).shape
    (3, 4, 2)
    """
    ndim = array_arg("moveaxis", "x", x).ndim
    src, dst = _axes("source", source, ndim), _axes("destination", destination, ndim)
    if len(src) != len(dst):
        fail("moveaxis", "destination", f"{len(src)} axes, as many as source",
             f"{destination!r}")
    order = [a for a in range(ndim) if a not in src]
    for d, s in sorted(zip(dst, src, strict=True)):
        order.insert(d, s)
    return _permuted(x, order)


def rollaxis(x: Variable | Any, axis: int, start: int = 0) -> Variable:
    """``x`` with ``axis`` moved to sit before position ``start``, as ``numpy.rollaxis``.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.rollaxis(np.zeros((2, 3, 4)), 2).shape
    (4, 2, 3)
    """
    ndim = array_arg("rollaxis", "x", x).ndim
    axis = normalize_axis("rollaxis", axis, ndim)
    if not is_int(start):
        fail("rollaxis", "start", "an int", f"{start!r}", kind="type")
    if start < 0:
        start += ndim
    if not 0 <= start <= ndim:
        fail("rollaxis", "start", f"an int in [{-ndim}, {ndim}]", f"{start}")
    if axis < start:
        start -= 1
    order = [a for a in range(ndim) if a != axis]
    order.insert(start, axis)
    return _permuted(x, order)
