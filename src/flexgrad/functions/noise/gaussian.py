"""Sampling from a Gaussian with the reparameterization trick."""

from __future__ import annotations

from typing import Any

from ...backends import backend_of
from ...errors import expect_same_dtype, fail
from ...variable import Variable
from ..activation._args import float_arg
from ..array._args import array_arg
from ..math.basic_math import add, mul
from ..math.exponential import exp
from ._noise import given_noise


def gaussian(mean: Variable | Any, ln_var: Variable | Any, *, eps: Any = None,
             return_eps: bool = False) -> Variable | tuple[Variable, Any]:
    """A sample of ``N(mean, exp(ln_var))``: ``mean + exp(ln_var / 2) * eps``.

    ``eps`` is standard normal noise, a constant, so gradients reach ``mean`` and
    ``ln_var`` (the reparameterization trick). As in Chainer, it samples in test mode too.
    A composite of :func:`exp`, products and a sum: it has no backward of its own.

    Args:
        mean, ln_var: float arrays of one shape and dtype (``ln_var`` is ``log(sigma**2)``).
        eps: the noise to use instead of a fresh draw from the backend's default
            generator: an array of ``ln_var``'s backend, shape and dtype.
        return_eps: also return the noise used.

    Returns:
        The sample, or ``(sample, eps)`` with ``return_eps``.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.gaussian(np.zeros(2), np.log(np.full(2, 4.0)), eps=np.array([1.0, -0.5])).array
    array([ 2., -1.])
    """
    m = float_arg("gaussian", "mean", mean)
    v = array_arg("gaussian", "ln_var", ln_var)
    if v.dtype != m.dtype:
        expect_same_dtype("gaussian", ("mean", "ln_var"), (m, v))
    if tuple(v.shape) != tuple(m.shape):
        fail("gaussian", "ln_var", f"the shape of mean {tuple(m.shape)}", v)
    if eps is None:
        backend = backend_of(v)
        eps = backend.default_generator(backend.device_of(v)).normal(0.0, 1.0, tuple(v.shape),
                                                                     v.dtype)
    else:
        eps = given_noise("gaussian", "eps", eps, v)
    y = add(mean, mul(exp(mul(ln_var, 0.5)), eps))
    return (y, eps) if return_eps else y
