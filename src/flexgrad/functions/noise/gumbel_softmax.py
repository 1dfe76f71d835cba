"""Gumbel-softmax: a differentiable relaxation of sampling from a categorical."""

from __future__ import annotations

from typing import Any

from ...backends import backend_of, is_array
from ...errors import normalize_axis
from ...variable import Variable
from ..activation._args import float_arg, real_arg
from ..activation.softmax import softmax
from ..math.basic_math import add, div
from ._noise import given_noise


def gumbel_softmax(log_pi: Variable | Any, tau: float | Variable = 0.1, axis: int = 1, *,
                   noise: Any = None) -> Variable:
    """``softmax((log_pi + g) / tau, axis)`` with ``g`` drawn from ``Gumbel(0, 1)``.

    Jang et al. (2017). As ``tau`` goes to 0 the output approaches a one-hot sample of the
    categorical distribution with log-probabilities ``log_pi``. A composite of sums and
    :func:`softmax`: it has no backward of its own.

    Args:
        log_pi: unnormalized log-probabilities (float).
        tau: the temperature, a positive number or a Variable (or array) that broadcasts.
        noise: flexgrad's addition for reproducible runs: the Gumbel noise ``g`` to use
            instead of a draw from the backend's default generator (an array of
            ``log_pi``'s backend, shape and dtype).

    >>> import numpy as np, flexgrad.functions as F
    >>> y = F.gumbel_softmax(np.log(np.array([[0.2, 0.8]])), tau=0.5)
    >>> y.shape, bool(abs(float(y.array.sum()) - 1) < 1e-12)
    ((1, 2), True)
    """
    data = float_arg("gumbel_softmax", "log_pi", log_pi)
    if not (isinstance(tau, Variable) or is_array(tau)):
        tau = real_arg("gumbel_softmax", "tau", tau, positive=True)
    backend = backend_of(data)
    xp = backend.xp
    if data.ndim == 0:  # Chainer's answer: one category, probability 1
        return Variable(xp.ones_like(data), requires_grad=False)
    axis = normalize_axis("gumbel_softmax", axis, data.ndim)
    if noise is None:
        info = xp.finfo(data.dtype)
        # u stays in (0, 1) after rounding to the dtype, so g is finite
        u = backend.default_generator(backend.device_of(data)).uniform(
            info.smallest_normal, 1.0 - info.eps, tuple(data.shape), data.dtype)
        noise = -xp.log(-xp.log(u))
    else:
        noise = given_noise("gumbel_softmax", "noise", noise, data)
    return softmax(div(add(log_pi, noise), tau), axis=axis)
