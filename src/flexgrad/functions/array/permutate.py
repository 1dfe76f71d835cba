"""permutate: reorder an array along one axis by a permutation (or its inverse)."""

from __future__ import annotations

from typing import Any

from ... import backends
from ...errors import BackendMismatchError, describe, expect_integer, fail, normalize_axis
from ...function_node import FunctionNode
from ...variable import Variable
from ._args import array_arg


class Permutate(FunctionNode):
    """``y[i] = x[indices[i]]`` along ``axis`` (``y[indices[i]] = x[i]`` when ``inv``).

    The gradient is the inverse reordering of the output gradient.
    """

    __slots__ = ("indices", "axis", "inv")

    def __init__(self, indices: Any, axis: int, inv: bool) -> None:
        self.indices = indices
        self.axis = axis
        self.inv = inv

    def forward(self, inputs):
        xp = self.xp
        order = xp.argsort(self.indices) if self.inv else self.indices
        return (self.backend.take(inputs[0], order, self.axis),)

    def backward(self, indexes, grad_outputs):
        return Permutate(self.indices, self.axis, not self.inv).apply(grad_outputs)


def permutate(x: Variable | Any, indices: Variable | Any, axis: int = 0,
              inv: bool = False) -> Variable:
    """Reorder ``x`` along ``axis``: ``y[i] = x[indices[i]]``, as ``x.take(indices, axis)``.

    Args:
        x: the Variable or array to reorder.
        indices: a 1-d integer array, a permutation of ``range(x.shape[axis])`` (no
            gradient). On eager backends a non-permutation is an error.
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
    xp = backend.xp
    if not backend.is_lazy and n and not bool(
            xp.all(xp.sort(ia) == xp.arange(n, dtype=ia.dtype))):
        fail("permutate", "indices", f"a permutation of range({n})", ia)
    return Permutate(ia, axis, bool(inv)).apply((x,))[0]
