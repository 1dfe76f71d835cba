"""tensordot: sums of products over chosen axes of two arrays, as one matrix product."""

from __future__ import annotations

import math
from typing import Any

from ...errors import fail, normalize_axis
from ...variable import Variable
from ..array._args import array_arg, is_int
from ..array.reshape import reshape
from ..array.transpose import transpose
from .matmul import matmul


def _axes(axes: Any, a_ndim: int, b_ndim: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """``axes`` (an int N, or a pair of ints or of int sequences) as two axis tuples."""
    if is_int(axes):
        if not 0 <= axes <= min(a_ndim, b_ndim):
            fail("tensordot", "axes", f"an int in [0, {min(a_ndim, b_ndim)}]", f"{axes}")
        return tuple(range(a_ndim - axes, a_ndim)), tuple(range(axes))
    if not isinstance(axes, (list, tuple)) or len(axes) != 2:
        fail("tensordot", "axes", "an int or a pair of axis sequences", f"{axes!r}",
             kind="type")
    pair = [(a,) if is_int(a) else a for a in axes]
    if not all(isinstance(p, (list, tuple)) for p in pair) or len(pair[0]) != len(pair[1]):
        fail("tensordot", "axes", "two axis sequences of one length", f"{axes!r}")
    a_axes = tuple(normalize_axis("tensordot", i, a_ndim, "axes") for i in pair[0])
    b_axes = tuple(normalize_axis("tensordot", i, b_ndim, "axes") for i in pair[1])
    if len(set(a_axes)) != len(a_axes) or len(set(b_axes)) != len(b_axes):
        fail("tensordot", "axes", "distinct axes", f"{axes!r}")
    return a_axes, b_axes


def tensordot(a: Variable | Any, b: Variable | Any, axes: Any = 2) -> Variable:
    """Sum of products of ``a`` and ``b`` over the given axes, as ``numpy.tensordot``.

    A composite of transpose, reshape and matmul, so it needs no backward of its own.

    Args:
        a, b: Variables or arrays of one float dtype.
        axes: an int N (the last N axes of ``a`` with the first N of ``b``), or a pair
            ``(a_axes, b_axes)`` of ints or equally long int sequences.

    Returns:
        ``a``'s remaining axes followed by ``b``'s.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.tensordot(np.ones((2, 3, 4)), np.ones((3, 4, 5))).shape
    (2, 5)
    """
    a_shape = tuple(array_arg("tensordot", "a", a).shape)
    b_shape = tuple(array_arg("tensordot", "b", b).shape)
    a_axes, b_axes = _axes(axes, len(a_shape), len(b_shape))
    for i, j in zip(a_axes, b_axes, strict=True):
        if a_shape[i] != b_shape[j]:
            fail("tensordot", "b", f"length {a_shape[i]} on axis {j} to match a's axis {i}",
                 f"shape {b_shape}")
    a_free = [i for i in range(len(a_shape)) if i not in a_axes]
    b_free = [j for j in range(len(b_shape)) if j not in b_axes]
    m = math.prod(a_shape[i] for i in a_free)
    k = math.prod(a_shape[i] for i in a_axes)
    n = math.prod(b_shape[j] for j in b_free)
    a2 = reshape(transpose(a, (*a_free, *a_axes)), (m, k))
    b2 = reshape(transpose(b, (*b_axes, *b_free)), (k, n))
    out_shape = tuple(a_shape[i] for i in a_free) + tuple(b_shape[j] for j in b_free)
    return reshape(matmul(a2, b2), out_shape)
