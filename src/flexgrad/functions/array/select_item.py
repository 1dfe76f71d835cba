"""select_item: one element from each row, ``y[i] = x[i, t[i]]``."""

from __future__ import annotations

from typing import Any

from ... import backends
from ...errors import BackendMismatchError, describe, expect_float, expect_integer, fail
from ...function_node import FunctionNode
from ...variable import Variable
from .._value_check import check_values, out_of_range, unchecked
from ..math.select import where
from ._args import array_arg
from .broadcast import broadcast_to
from .reshape import expand_dims


class SelectItem(FunctionNode):
    """Picks ``x[i, t[i]]``; the gradient goes to those places of a zero ``x``-shaped array.
    ``guard``: labels were not checked, so a label out of range picks NaN."""

    __slots__ = ("guard", "_shape")

    def __init__(self, guard: bool = False) -> None:
        self.guard = guard

    def forward(self, inputs):
        x, t = inputs
        xp = self.xp
        self.retain_inputs((1,))
        self._shape = tuple(x.shape)
        bad = out_of_range(0, x.shape[1])(xp, t) if self.guard else None
        if bad is not None:
            t = xp.where(bad, xp.zeros_like(t), t)
        picked = xp.reshape(self.backend.take_along_axis(x, xp.expand_dims(t, axis=1), axis=1),
                            (x.shape[0],))
        if bad is not None:
            picked = xp.where(bad, xp.full_like(picked, float("nan")), picked)
        return (picked,)

    def backward(self, indexes, grad_outputs):
        (t,) = self.get_retained_inputs()
        xp, t = self.xp, t.array
        classes = xp.arange(self._shape[1], dtype=t.dtype, device=self.backend.device_arg(t))
        hit = xp.expand_dims(t, axis=1) == classes
        gy = broadcast_to(expand_dims(grad_outputs[0], 1), self._shape)
        return tuple(where(hit, gy, 0.0) if i == 0 else None for i in indexes)


def select_item(x: Variable | Any, t: Variable | Any) -> Variable:
    """``y[i] = x[i, t[i]]``: for each row of ``x``, the element its label ``t`` picks.

    Args:
        x: a 2-d float Variable or array ``(B, N)``.
        t: a 1-d integer array ``(B,)`` with values in ``[0, N)`` (no gradient). Labels
            out of range raise in debug mode and on Dask when computed; outside debug mode
            eager backends do not look (a GPU would wait) and pick NaN for them.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.select_item(np.array([[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]]), np.array([0, 2])).array
    array([0., 5.])
    """
    xa, ta = array_arg("select_item", "x", x), array_arg("select_item", "t", t)
    backend = backends.backend_of(xa)
    expect_float("select_item", "x", xa, backend)
    if backends.backend_of(ta) is not backend:
        raise BackendMismatchError(
            f"flexgrad.functions.select_item: argument 't' expected an array on "
            f"{backend.name} like x, got {describe(ta)}; move it with to_device()")
    expect_integer("select_item", "t", ta, backend)
    if xa.ndim != 2:
        fail("select_item", "x", "a 2-d array (batch, classes)", xa)
    if ta.ndim != 1 or ta.shape[0] != xa.shape[0]:
        fail("select_item", "t", f"a 1-d array of length {xa.shape[0]} (x's rows)", ta)
    n = xa.shape[1]
    t = check_values("select_item", "t", ta, backend, out_of_range(0, n), f"labels in [0, {n})",
                     "labels")
    return SelectItem(unchecked(backend, t)).apply((x, t))[0]
