"""Bilinear function: ``y = e1^T W e2 + V1^T e1 + V2^T e2 + b`` per sample."""

from __future__ import annotations

from math import prod
from typing import Any

from ... import backends
from ...errors import expect_float, expect_same_dtype, fail
from ...variable import Variable
from ..array._args import array_arg
from ..array.reshape import expand_dims, reshape
from ..math.matmul import matmul


def bilinear(e1: Variable | Any, e2: Variable | Any, W: Variable | Any,
             V1: Variable | Any = None, V2: Variable | Any = None,
             b: Variable | Any = None) -> Variable:
    """Bilinear function ``y[n, l] = sum over j, k of e1[n, j] W[j, k, l] e2[n, k]``, plus
    ``e1 V1 + e2 V2 + b`` when those are given (all three or none).

    A composite of matmul, reshape and broadcasting products (no backward of its own).

    Args:
        e1: (N, J); more axes are flattened into J.
        e2: (N, K); likewise.
        W: (J, K, L).
        V1, V2, b: (J, L), (K, L) and (L,), or all None.

    Returns:
        (N, L).

    >>> import numpy as np, flexgrad.functions as F
    >>> F.bilinear(np.ones((1, 2)), np.ones((1, 3)), np.ones((2, 3, 4))).array
    array([[6., 6., 6., 6.]])
    """
    extras = {"V1": V1, "V2": V2, "b": b}
    given = [name for name, v in extras.items() if v is not None]
    if given and len(given) < 3:
        fail("bilinear", "V1", "V1, V2 and b all given or all None", f"only {given} given")
    named = {name: array_arg("bilinear", name, v)
             for name, v in {"e1": e1, "e2": e2, "W": W, **extras}.items() if v is not None}
    e1d, e2d, Wd = named["e1"], named["e2"], named["W"]
    expect_float("bilinear", "e1", e1d, backends.backend_of(e1d))
    expect_same_dtype("bilinear", list(named), list(named.values()))
    for name in ("e1", "e2"):
        if named[name].ndim < 2:
            fail("bilinear", name, "an array (N, ...) of 2 or more axes", named[name])
    n, j, k = e1d.shape[0], prod(e1d.shape[1:]), prod(e2d.shape[1:])
    if e2d.shape[0] != n:
        fail("bilinear", "e2", f"{n} rows (those of e1)", e2d)
    if Wd.ndim != 3 or tuple(Wd.shape[:2]) != (j, k):
        fail("bilinear", "W", f"a 3-d array ({j}, {k}, L)", Wd)
    out = Wd.shape[2]
    for name, shape in (("V1", (j, out)), ("V2", (k, out)), ("b", (out,))):
        if name in named and tuple(named[name].shape) != shape:
            fail("bilinear", name, f"shape {shape}", named[name])
    e1, e2 = reshape(e1, (n, j)), reshape(e2, (n, k))
    outer = reshape(expand_dims(e1, 2) * expand_dims(e2, 1), (n, j * k))
    y = matmul(outer, reshape(W, (j * k, out)))
    return y if not given else y + matmul(e1, V1) + matmul(e2, V2) + b
