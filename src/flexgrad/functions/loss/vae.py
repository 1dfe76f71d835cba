"""The losses of variational autoencoders: Gaussian KL divergence, Gaussian and Bernoulli
negative log-likelihoods. Composites of flexgrad functions, which give their gradients."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from ...backends import backend_of
from ...variable import Variable
from ..activation.softplus import softplus
from ..array._args import array_arg
from ..math.average import mean as _mean
from ..math.basic_math import neg
from ..math.exponential import exp
from ..math.sum import sum as _sum
from ._args import check_option, check_pair

_LOG_2PI = math.log(2 * math.pi)


def _checked(fn: str, names: Sequence[str], values: Sequence[Any], reduce: str) -> None:
    """Float inputs of one backend, dtype and shape, and a valid ``reduce``."""
    arrays = [array_arg(fn, n, v) for n, v in zip(names, values, strict=True)]
    backend = backend_of(arrays[0])
    for name, array in zip(names[1:], arrays[1:], strict=True):
        check_pair(fn, (names[0], name), arrays[0], array, backend)
    check_option(fn, "reduce", reduce, ("sum", "mean", "no"))


def _reduced(loss: Variable, reduce: str) -> Variable:
    if reduce == "sum":
        return _sum(loss)
    return _mean(loss) if reduce == "mean" else loss


def gaussian_kl_divergence(mean: Variable | Any, ln_var: Variable | Any,
                           reduce: str = "sum") -> Variable:
    """KL divergence of ``N(mean, exp(ln_var))`` (diagonal) from ``N(0, I)``, elementwise
    ``(mean**2 + exp(ln_var) - ln_var - 1) / 2``.

    Args:
        mean, ln_var: float arrays of one shape and dtype (``ln_var`` is log variance).
        reduce: ``'sum'``, ``'mean'`` (scalars) or ``'no'`` (elementwise).

    >>> import numpy as np, flexgrad.functions as F
    >>> F.gaussian_kl_divergence(np.array([1.0, 0.0]), np.array([0.0, 0.0])).array
    array(0.5)
    """
    _checked("gaussian_kl_divergence", ("mean", "ln_var"), (mean, ln_var), reduce)
    if not isinstance(mean, Variable):
        mean = Variable(mean, requires_grad=False)
    loss = (mean * mean + exp(ln_var) - ln_var - 1.0) * 0.5
    return _reduced(loss, reduce)


def gaussian_nll(x: Variable | Any, mean: Variable | Any, ln_var: Variable | Any,
                 reduce: str = "sum") -> Variable:
    """Negative log-likelihood of ``x`` under ``N(mean, exp(ln_var))`` (diagonal),
    elementwise ``(ln_var + log(2 pi)) / 2 + (x - mean)**2 exp(-ln_var) / 2``.

    Args:
        x, mean, ln_var: float arrays of one shape and dtype; each gets a gradient.
        reduce: ``'sum'``, ``'mean'`` (scalars) or ``'no'`` (elementwise).

    >>> import numpy as np, flexgrad.functions as F
    >>> F.gaussian_nll(np.array([1.0]), np.array([1.0]), np.array([0.0])).array
    array(0.91893853)
    """
    _checked("gaussian_nll", ("x", "mean", "ln_var"), (x, mean, ln_var), reduce)
    if not isinstance(x, Variable):
        x = Variable(x, requires_grad=False)
    diff = x - mean
    loss = (ln_var + _LOG_2PI) * 0.5 + diff * diff * exp(neg(ln_var)) * 0.5
    return _reduced(loss, reduce)


def bernoulli_nll(x: Variable | Any, y: Variable | Any, reduce: str = "sum") -> Variable:
    """Negative log-likelihood of data ``x`` under Bernoulli(``sigmoid(y)``), elementwise
    ``softplus(y) - x y``, computed without overflow for large logits ``y``.

    Args:
        x: float data in [0, 1]; y: float logits of its shape and dtype; both get a
            gradient.
        reduce: ``'sum'``, ``'mean'`` (scalars) or ``'no'`` (elementwise).

    >>> import numpy as np, flexgrad.functions as F
    >>> F.bernoulli_nll(np.array([1.0, 0.0]), np.array([0.0, 0.0])).array
    array(1.38629436)
    """
    _checked("bernoulli_nll", ("x", "y"), (x, y), reduce)
    if not isinstance(y, Variable):
        y = Variable(y, requires_grad=False)
    # y * x, not x * y: a raw array_api_strict x refuses a Variable instead of deferring
    return _reduced(softplus(y) - y * x, reduce)
