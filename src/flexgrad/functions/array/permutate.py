"""permutate: reorder an array along one axis by a permutation (or its inverse)."""

from __future__ import annotations

from typing import Any

from ... import backends
from ...errors import BackendMismatchError, describe, expect_integer, fail, normalize_axis
from ...function_node import FunctionNode
from ...variable import Variable
from .._value_check import check_values, unchecked
from ._args import array_arg


class Permutate(FunctionNode):
    """``y[i] = x[indices[i]]`` along ``axis`` (``y[indices[i]] = x[i]`` when ``inv``).

    The gradient is the inverse reordering of the output gradient. ``guard``: the indices
    were not checked, so a non-permutation gives NaN (floating ``x``), not an error deep
    in the library or a silent wrap.
    """

    __slots__ = ("indices", "axis", "inv", "guard")

    def __init__(self, indices: Any, axis: int, inv: bool, guard: bool = False) -> None:
        self.indices = indices
        self.axis = axis
        self.inv = inv
        self.guard = guard

    def forward(self, inputs):
        xp, (x,) = self.xp, inputs
        indices, ok = self.indices, None
        if self.guard:
            n = x.shape[self.axis]
            ok = xp.all(~_not_a_permutation(xp, indices))
            indices = xp.where((indices >= 0) & (indices < n), indices, xp.zeros_like(indices))
        order = xp.argsort(indices) if self.inv else indices
        y = self.backend.take(x, order, self.axis)
        if ok is not None and self.backend.is_floating(y.dtype):
            y = xp.where(ok, y, xp.full_like(y, float("nan")))
        return (y,)

    def backward(self, indexes, grad_outputs):
        return Permutate(self.indices, self.axis, not self.inv, self.guard).apply(grad_outputs)


def _not_a_permutation(xp: Any, indices: Any) -> Any:
    """True where sorted ``indices`` differ from ``range(n)`` (all False: a permutation)."""
    device = backends.backend_of(indices).device_arg(indices)
    return xp.sort(indices) != xp.arange(indices.shape[0], dtype=indices.dtype, device=device)


def permutate(x: Variable | Any, indices: Variable | Any, axis: int = 0,
              inv: bool = False) -> Variable:
    """Reorder ``x`` along ``axis``: ``y[i] = x[indices[i]]``, as ``x.take(indices, axis)``.

    Args:
        x: the Variable or array to reorder.
        indices: a 1-d integer array, a permutation of ``range(x.shape[axis])`` (no
            gradient). A non-permutation raises in debug mode and on Dask when computed;
            outside debug mode eager backends do not look (a GPU would wait) and a floating
            ``x`` comes out NaN (an integer one: indices out of range take element 0).
        axis: the axis to reorder.
        inv: use the inverse permutation instead: ``y[indices[i]] = x[i]``.

    >>> import numpy as np, flexgrad.functions as F
    >>> x = np.array([10.0, 20.0, 30.0])
    >>> F.permutate(x, np.array([2, 0, 1])).array
    array([30., 10., 20.])
    >>> F.permutate(x, np.array([2, 0, 1]), inv=True).array
    array([20., 30., 10.])
    """
    xa = array_arg("permutate", "x", x)
    ia = array_arg("permutate", "indices", indices)
    backend = backends.backend_of(xa)
    if backends.backend_of(ia) is not backend:
        raise BackendMismatchError(
            f"flexgrad.functions.permutate: argument 'indices' expected an array on "
            f"{backend.name} like x, got {describe(ia)}; move it with to_device()")
    expect_integer("permutate", "indices", ia, backend)
    if xa.ndim == 0:
        fail("permutate", "x", "an array with at least one axis", xa)
    axis = normalize_axis("permutate", axis, xa.ndim)
    n = xa.shape[axis]
    if ia.ndim != 1 or ia.shape[0] != n:
        fail("permutate", "indices", f"a 1-d array of length {n} (x's axis {axis})", ia)
    ia = check_values("permutate", "indices", ia, backend, _not_a_permutation,
                      f"a permutation of range({n})", "indices", whole=True)
    return Permutate(ia, axis, bool(inv), unchecked(backend, ia)).apply((x,))[0]
