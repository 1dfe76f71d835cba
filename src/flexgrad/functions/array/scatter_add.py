"""scatter_add: a copy of ``a`` with ``b`` added at ``a[slices]`` (repeated indices sum)."""

from __future__ import annotations

from typing import Any

from ... import backends
from ...errors import expect_same_dtype, fail
from ...variable import Variable
from ._args import array_arg
from .get_item import GetItemGrad, _parse


def scatter_add(a: Variable | Any, slices: Any, b: Variable | Any) -> Variable:
    """``a`` plus ``b`` scattered into the places ``a[slices]`` selects, as
    ``numpy.add.at`` on a copy; ``a`` itself is unchanged.

    ``b`` must have the shape of ``a[slices]`` (no broadcasting, as in Chainer). Integer
    index arrays may repeat an index: its values add up. The gradient for ``b`` reads the
    output gradient at ``slices``; for ``a`` it is the output gradient.

    Args:
        a: the Variable or array added to.
        slices: what ``get_item`` takes: ints, slices, None, Ellipsis, integer arrays.
        b: the values to add.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.scatter_add(np.zeros(3), [0, 0, 2], np.array([1.0, 2.0, 5.0])).array
    array([3., 0., 5.])
    """
    aa, ba = array_arg("scatter_add", "a", a), array_arg("scatter_add", "b", b)
    expect_same_dtype("scatter_add", ("a", "b"), (aa, ba))
    key = _parse(slices, aa, backends.backend_of(aa))
    selected = key.mid_shape if key.gather is None else key.gather.out_shape
    if tuple(ba.shape) != tuple(selected):
        fail("scatter_add", "b", f"the shape of a[slices] {tuple(selected)} (no "
             "broadcasting)", ba)
    return GetItemGrad(key).apply((b,))[0] + a
