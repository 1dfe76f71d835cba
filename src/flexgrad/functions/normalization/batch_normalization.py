"""batch_normalization and fixed_batch_normalization, with Chainer's axis rules."""

from __future__ import annotations

import math
from typing import Any

from ... import backends
from ...errors import expect_float, expect_same_dtype, fail, normalize_axes
from ...variable import Variable
from ..array._args import array_arg
from ..array.reshape import reshape
from ._standardize import standardize


def batch_normalization(x: Variable | Any, gamma: Variable | Any, beta: Variable | Any,
                        eps: float = 2e-5, running_mean: Any = None, running_var: Any = None,
                        decay: float = 0.9, axis: Any = None) -> Variable:
    """Batch normalization: ``gamma * (x - mean) / sqrt(var + eps) + beta`` with the
    batch's mean and (biased) variance over ``axis``.

    ``axis`` None means axis 0 and every axis after the ones ``gamma`` covers, as in
    Chainer: for x (N, C, H, W) and gamma (C,), the statistics are per channel over
    (0, 2, 3). ``gamma`` and ``beta`` have the shape of the other axes of ``x``.

    Running statistics, as Chainer keeps them: when ``running_mean``/``running_var`` are
    given they become ``decay * old + (1 - decay) * batch`` (the variance unbiased, times
    ``m / (m - 1)``). An array is updated in place through the standard's ``__setitem__``
    (NumPy, CuPy, Dask and array_api_strict arrays all allow it; on Dask the array takes
    the new lazy value); a Variable holder gets a new ``.array`` instead, for libraries
    whose arrays are immutable.

    Backward is written with flexgrad functions, so it can be differentiated again.

    Args:
        x: the input, (N, ...).
        gamma, beta: the scale and shift, shaped as ``x`` without the axes in ``axis``.
        eps: added to the variance.
        running_mean, running_var: arrays (or Variables) of gamma's shape, or None.
        decay: the weight of the old running statistics.
        axis: an int or tuple of ints to normalize over, or None (see above).

    >>> import numpy as np, flexgrad.functions as F
    >>> x = np.array([[1.0, 10.0], [3.0, 30.0]])
    >>> rm, rv = np.zeros(2), np.ones(2)
    >>> F.batch_normalization(x, np.ones(2), np.zeros(2), running_mean=rm,
    ...                       running_var=rv).array.round(3)
    array([[-1., -1.],
           [ 1.,  1.]])
    >>> rm, rv
    (array([0.2, 2. ]), array([ 1.1, 20.9]))
    """
    xa, shape, axes = _check("batch_normalization", x, gamma, beta, axis)
    x_hat, node = standardize(x, axes, eps)
    y = x_hat * reshape(gamma, shape) + reshape(beta, shape)
    count = math.prod(xa.shape) // max(
        1, math.prod(array_arg("batch_normalization", "gamma", gamma).shape))
    adjust = count / max(count - 1.0, 1.0)
    for name, holder, stat, scale in (("running_mean", running_mean, node.mean, 1.0),
                                      ("running_var", running_var, node.var, adjust)):
        if holder is not None:
            _update(name, holder, stat, decay, scale, gamma)
    return y


def fixed_batch_normalization(x: Variable | Any, gamma: Variable | Any, beta: Variable | Any,
                              mean: Variable | Any, var: Variable | Any, eps: float = 2e-5,
                              axis: Any = None) -> Variable:
    """Batch normalization with given statistics (inference): ``gamma * (x - mean) /
    sqrt(var + eps) + beta``; every argument gets a gradient.

    ``mean`` and ``var`` have gamma's shape; ``axis`` as in :func:`batch_normalization`.
    A composite of flexgrad functions: it has no backward of its own.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.fixed_batch_normalization(np.array([[3.0], [5.0]]), np.ones(1), np.zeros(1),
    ...                             np.array([4.0]), np.array([1.0]), eps=0.0).array
    array([[-1.],
           [ 1.]])
    """
    _, shape, _ = _check("fixed_batch_normalization", x, gamma, beta, axis, mean=mean, var=var)
    scale = reshape(gamma, shape) * reshape(var + eps, shape) ** -0.5
    return (x - reshape(mean, shape)) * scale + reshape(beta, shape)


def _check(fn: str, x: Any, gamma: Any, beta: Any, axis: Any,
           **stats: Any) -> tuple[Any, tuple[int, ...], tuple[int, ...]]:
    """x's array, gamma's shape with ones at the normalized axes, and those axes."""
    xa = array_arg(fn, "x", x)
    expect_float(fn, "x", xa, backends.backend_of(xa))
    named = {"x": xa, "gamma": array_arg(fn, "gamma", gamma), "beta": array_arg(fn, "beta", beta)}
    named.update((k, array_arg(fn, k, v)) for k, v in stats.items())
    expect_same_dtype(fn, list(named), list(named.values()))
    g_ndim = named["gamma"].ndim
    if axis is None:
        if xa.ndim < g_ndim + 1:
            fail(fn, "x", f"at least {g_ndim + 1} dims (batch, then gamma's {g_ndim})", xa)
        axes = (0, *range(g_ndim + 1, xa.ndim))
    else:
        axes = normalize_axes(fn, axis, xa.ndim)
    key = tuple(xa.shape[i] for i in range(xa.ndim) if i not in axes)
    for name, a in list(named.items())[1:]:
        if tuple(a.shape) != key:
            fail(fn, name, f"shape {key} (x's shape without the normalized axes {axes})", a)
    shape = tuple(1 if i in axes else n for i, n in enumerate(xa.shape))
    return xa, shape, axes


def _update(name: str, holder: Any, stat: Any, decay: float, scale: float, gamma: Any) -> None:
    """``holder = decay * holder + (1 - decay) * scale * stat``, in place (see above)."""
    fn = "batch_normalization"
    old = array_arg(fn, name, holder)
    g = array_arg(fn, "gamma", gamma)
    backend = backends.backend_of(g)
    if tuple(old.shape) != tuple(g.shape) or backends.backend_of(old) is not backend:
        fail(fn, name, f"an array of gamma's shape {tuple(g.shape)} on {backend.name}", old)
    expect_float(fn, name, old, backend)
    xp = backend.xp
    batch = xp.astype(backend.reshape(stat, tuple(old.shape)), old.dtype)
    new = old * decay + batch * ((1.0 - decay) * scale)
    if isinstance(holder, Variable):
        holder.array = new
    elif not backend.writable:
        fail(fn, name, f"a Variable holding the statistics ({backend.name} arrays cannot be "
             "written in place, so only a Variable's .array can take the new value)", old,
             kind="type")
    else:
        holder[...] = new
