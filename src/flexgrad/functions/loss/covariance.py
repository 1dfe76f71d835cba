"""cross_covariance and decov: penalties on the covariance of activations across a batch
(Cheung et al., 2015; Cogswell et al., 2016)."""

from __future__ import annotations

from typing import Any

from ...backends import backend_of
from ...errors import expect_float, fail
from ...variable import Variable
from ..array._args import array_arg
from ..math.average import mean
from ..math.matmul import matmul
from ..math.sum import sum as sum_
from ._args import check_option

_REDUCE = ("half_squared_sum", "no")


def _centred(fn: str, arg: str, x: Variable | Any) -> tuple[Variable, Any]:
    """``x`` (N, K) minus its mean over the batch, and the array of ``x``."""
    data = array_arg(fn, arg, x)
    expect_float(fn, arg, data, backend_of(data))
    if data.ndim != 2:
        fail(fn, arg, "a 2-d array (N, K)", data)
    return x - mean(x, axis=0, keepdims=True), data


def _reduced(covariance: Variable, reduce: str) -> Variable:
    return covariance if reduce == "no" else sum_(covariance * covariance) * 0.5


def cross_covariance(y: Variable | Any, z: Variable | Any,
                     reduce: str = "half_squared_sum") -> Variable:
    """The cross-covariance ``C = (y - ȳ)^T (z - z̄) / N`` of ``y`` (N, M) and ``z``
    (N, K), and by default ``sum(C²) / 2``. A composite.

    Args:
        reduce: ``'half_squared_sum'`` (a scalar) or ``'no'`` (``C``, shape (M, K)).

    >>> import numpy as np, flexgrad.functions as F
    >>> F.cross_covariance(np.array([[1.0], [-1.0]]), np.array([[2.0], [-2.0]])).array
    array(2.)
    """
    check_option("cross_covariance", "reduce", reduce, _REDUCE)
    yc, ya = _centred("cross_covariance", "y", y)
    zc, za = _centred("cross_covariance", "z", z)
    if za.shape[0] != ya.shape[0] or za.dtype != ya.dtype:
        fail("cross_covariance", "z", f"{ya.shape[0]} rows of y's dtype", za)
    return _reduced(matmul(yc, zc, transa=True) * (1.0 / ya.shape[0]), reduce)


def decov(h: Variable | Any, reduce: str = "half_squared_sum") -> Variable:
    """DeCov: the covariance ``C`` of ``h`` (N, K) across the batch, its diagonal (the
    variances) zeroed, and by default ``sum(C²) / 2``. A composite.

    Args:
        reduce: ``'half_squared_sum'`` (a scalar) or ``'no'`` (``C``, shape (K, K)).

    >>> import numpy as np, flexgrad.functions as F
    >>> F.decov(np.array([[1.0, 2.0], [-1.0, -2.0]]), reduce="no").array
    array([[0., 2.],
           [2., 0.]])
    """
    check_option("decov", "reduce", reduce, _REDUCE)
    hc, data = _centred("decov", "h", h)
    xp = backend_of(data).xp
    k = data.shape[1]
    device = backend_of(data).device_arg(data)
    off_diagonal = 1.0 - xp.eye(k, dtype=data.dtype, device=device)
    return _reduced(matmul(hc, hc, transa=True) * off_diagonal * (1.0 / data.shape[0]), reduce)
