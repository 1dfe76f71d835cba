"""batch_renormalization: batch normalization corrected toward the running statistics."""

from __future__ import annotations

import math
from typing import Any

from ... import backends
from ...errors import fail
from ...variable import Variable
from ..activation._args import real_arg
from ..array._args import array_arg
from ..array.reshape import reshape
from ._standardize import standardize
from .batch_normalization import _check, _update


def batch_renormalization(x: Variable | Any, gamma: Variable | Any, beta: Variable | Any,
                          rmax: float, dmax: float, eps: float = 2e-5,
                          running_mean: Any = None, running_var: Any = None,
                          decay: float = 0.9, update_statistics: bool = False) -> Variable:
    """Batch renormalization (Ioffe, 2017): ``gamma * (x_hat * r + d) + beta``.

    ``x_hat = (x - mean) / sigma`` with the batch's ``mean`` and ``sigma = sqrt(var +
    eps)`` per channel (the axes as :func:`batch_normalization` with ``axis`` None), and
    the corrections ``r = clip(sigma / sigma_run, 1 / rmax, rmax)`` and ``d = clip((mean
    - running_mean) / sigma_run, -dmax, dmax)``, ``sigma_run = sqrt(running_var + eps)``.
    ``r`` and ``d`` are constants to the gradient, as in the paper and in Chainer; with
    ``rmax=1, dmax=0`` this is batch normalization. Backward is written with flexgrad
    functions, so it can be differentiated again.

    Args:
        x: the input, (N, C, ...).
        gamma, beta: the scale and shift, (C, ...) as the leading axes after the batch.
        rmax, dmax: the largest corrections of the scale (>= 1) and the shift (>= 0).
        eps: added to the variances.
        running_mean, running_var: the running statistics (arrays or Variables of gamma's
            shape), which the corrections need.
        decay: the weight of the old running statistics.
        update_statistics: whether to update ``running_mean``/``running_var`` in place
            with the batch's (the variance unbiased, without ``eps``, which enters
            sigma alone), as :func:`batch_normalization` and Chainer do.

    >>> import numpy as np, flexgrad.functions as F
    >>> x = np.array([[1.0], [3.0]])  # mean 2, sigma 1; the running sigma is 2: r=0.5, d=0.5
    >>> F.batch_renormalization(x, np.ones(1), np.zeros(1), 2.0, 1.0, eps=0.0,
    ...                         running_mean=np.ones(1), running_var=np.full(1, 4.0)).array
    array([[0.],
           [1.]])
    """
    fn = "batch_renormalization"
    xa, shape, axes = _check(fn, x, gamma, beta, None)
    rmax, dmax = real_arg(fn, "rmax", rmax), real_arg(fn, "dmax", dmax)
    if rmax < 1.0 or dmax < 0.0:
        fail(fn, "rmax" if rmax < 1.0 else "dmax", "rmax >= 1 and dmax >= 0",
             f"rmax={rmax!r}, dmax={dmax!r}")
    g = array_arg(fn, "gamma", gamma)
    mean_run = _running(fn, "running_mean", running_mean, g, shape)
    var_run = _running(fn, "running_var", running_var, g, shape)
    x_hat, node = standardize(x, axes, eps)
    xp = backends.backend_of(xa).xp
    sigma, sigma_run = xp.sqrt(node.var + eps), xp.sqrt(var_run + eps)
    r = xp.clip(sigma / sigma_run, 1.0 / rmax, rmax)
    d = xp.clip((node.mean - mean_run) / sigma_run, -dmax, dmax)
    y = (x_hat * r + d) * reshape(gamma, shape) + reshape(beta, shape)
    if update_statistics:
        count = math.prod(xa.shape) // max(1, math.prod(g.shape))
        adjust = count / max(count - 1.0, 1.0)
        _update("running_mean", running_mean, node.mean, decay, 1.0, gamma)
        _update("running_var", running_var, node.var, decay, adjust, gamma)
    return y


def _running(fn: str, name: str, holder: Any, gamma: Any, shape: tuple[int, ...]) -> Any:
    """The array of ``holder`` (a running statistic: an array or Variable of gamma's
    shape, backend and dtype), reshaped to ``shape`` to broadcast against ``x``."""
    backend = backends.backend_of(gamma)
    expected = f"an array of gamma's shape {tuple(gamma.shape)} and dtype on {backend.name} " \
               "(a running statistic)"
    if holder is None:
        fail(fn, name, expected, "None", kind="type")
    stat = array_arg(fn, name, holder)
    if backends.backend_of(stat) is not backend or stat.dtype != gamma.dtype:
        fail(fn, name, expected, stat, kind="type")
    if tuple(stat.shape) != tuple(gamma.shape):
        fail(fn, name, expected, stat)
    return backend.reshape(stat, shape)
