"""Hinge loss: the one-vs-all margin loss of linear SVMs."""

from __future__ import annotations

from typing import Any

from ...backends import backend_of
from ...errors import expect_float, expect_ndim, fail
from ...variable import Variable
from ..activation.relu import relu
from ..array._args import array_arg
from ..math.basic_math import mul
from ..math.exponential import square
from ..math.select import where
from ..math.sum import sum as _sum
from ._args import check_labels, check_option

_FN = "hinge"


def hinge(x: Variable | Any, t: Variable | Any, norm: str = "L1",
          reduce: str = "mean") -> Variable:
    """One-vs-all hinge loss: ``max(0, 1 - x[i, t[i]])`` for the true class and
    ``max(0, 1 + x[i, k])`` for the others, squared when ``norm='L2'``.

    A composite of ``*`` by constant signs, ``relu`` and ``square``, which give its
    gradient (0 at the hinge, as relu's).

    Args:
        x: float scores of shape ``(N, K)``.
        t: integer labels of shape ``(N,)`` in ``[0, K)``. A label out of range is an
            error on eager backends; on Dask (where checking would force a compute) it
            makes its row of the loss NaN.
        norm: ``'L1'`` or ``'L2'``.
        reduce: ``'mean'`` (the sum divided by ``N``) or ``'no'`` (shape ``(N, K)``).

    >>> import numpy as np, flexgrad.functions as F
    >>> F.hinge(np.array([[2.0, 0.5]]), np.array([0]), reduce="no").array
    array([[0. , 1.5]])
    """
    xa, ta = array_arg(_FN, "x", x), array_arg(_FN, "t", t)
    backend = backend_of(xa)
    check_option(_FN, "norm", norm, ("L1", "L2"))
    check_option(_FN, "reduce", reduce, ("mean", "no"))
    expect_float(_FN, "x", xa, backend)
    expect_ndim(_FN, "x", xa, 2)
    if tuple(ta.shape) != (xa.shape[0],):
        fail(_FN, "t", f"labels of shape ({xa.shape[0]},) (one per row of x)", ta)
    if backend_of(ta) is not backend:
        fail(_FN, "t", f"an array on {backend.name} (x's backend)", ta, kind="type")
    used, bad = check_labels(_FN, ta, xa.shape[1], backend)
    xp = backend.xp
    labels = xp.where(used, ta, xp.zeros_like(ta))
    sign = 1.0 - 2.0 * backend.one_hot(labels, xa.shape[1], xa.dtype)  # -1 at the label
    loss = relu(mul(x, sign) + 1.0)
    if norm == "L2":
        loss = square(loss)
    if bad is not None:
        loss = where(xp.expand_dims(bad, axis=1), float("nan"), loss)
    if reduce == "mean":
        return _sum(loss) * (1.0 / max(xa.shape[0], 1))
    return loss
