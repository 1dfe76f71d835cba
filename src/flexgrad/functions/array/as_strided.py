"""as_strided: a strided view of an array's elements, as a differentiable gather."""

from __future__ import annotations

import math
from typing import Any

from ... import backends
from ...errors import fail
from ...variable import Variable
from ._args import array_arg, int_tuple, is_int
from .get_item import get_item
from .reshape import reshape


def as_strided(x: Variable | Any, shape: Any, strides: Any,
               storage_offset: int | None = None) -> Variable:
    """The array whose element ``i`` is ``x``'s C-order element ``storage_offset + sum_k
    i_k * strides[k]``, as NumPy's ``as_strided`` on a contiguous copy of ``x`` with
    strides counted in elements (Chainer's units), not bytes.

    Where Chainer reads the memory buffer under a view, flexgrad reads ``x``'s elements in
    C order: libraries without views (JAX, Dask) have no buffer. Elements read twice
    (overlapping windows) get the sum of their gradients.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.as_strided(np.arange(5.0), (3, 2), (1, 1)).array
    array([[0., 1.],
           [1., 2.],
           [2., 3.]])
    """
    array = array_arg("as_strided", "x", x)
    shape = int_tuple("as_strided", "shape", shape)
    steps = strides if isinstance(strides, (list, tuple)) else (strides,)
    if len(steps) != len(shape) or not all(is_int(s) for s in steps):
        fail("as_strided", "strides", f"{len(shape)} ints, one per axis of shape", f"{strides!r}",
             kind="type")
    offset = 0 if storage_offset is None else storage_offset
    if not is_int(offset) or offset < 0:
        fail("as_strided", "storage_offset", "None or an int >= 0", f"{storage_offset!r}")
    size = math.prod(array.shape)
    lowest = offset + sum(min(0, (n - 1) * s) for n, s in zip(shape, steps, strict=True))
    highest = offset + sum(max(0, (n - 1) * s) for n, s in zip(shape, steps, strict=True))
    if math.prod(shape) and (lowest < 0 or highest >= size):
        fail("as_strided", "strides", f"elements inside x's {size} (reached {lowest} to "
             f"{highest} with shape {shape} and storage_offset {offset})", f"{strides!r}")
    backend = backends.backend_of(array)
    xp = backend.xp
    int64 = backend.dtype("int64")
    device = backend.device_arg(array)
    index = xp.full((1,) * len(shape), offset, dtype=int64, device=device)
    for axis, (n, s) in enumerate(zip(shape, steps, strict=True)):
        along = xp.arange(n, dtype=int64, device=device) * s
        index = index + xp.reshape(along, (1,) * axis + (n,) + (1,) * (len(shape) - axis - 1))
    return get_item(reshape(x, (-1,)), index)
