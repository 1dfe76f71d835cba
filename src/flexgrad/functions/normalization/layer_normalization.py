"""layer_normalization: standardize each sample over its features, then scale and shift."""

from __future__ import annotations

from typing import Any

from ... import backends
from ...errors import expect_float, expect_same_dtype, fail
from ...variable import Variable
from ..array._args import array_arg
from ._standardize import standardize


def layer_normalization(x: Variable | Any, gamma: Variable | Any, beta: Variable | Any,
                        eps: float = 1e-5) -> Variable:
    """Layer normalization: each row of ``x`` (B, U) standardized over its U features
    (biased variance), then ``gamma * x_hat + beta`` with gamma and beta of shape (U,).

    >>> import numpy as np, flexgrad.functions as F
    >>> F.layer_normalization(np.array([[1.0, 3.0]]), np.ones(2), np.zeros(2), eps=0.0).array
    array([[-1.,  1.]])
    """
    fn = "layer_normalization"
    xa, ga, ba = (array_arg(fn, n, v) for n, v in (("x", x), ("gamma", gamma), ("beta", beta)))
    expect_float(fn, "x", xa, backends.backend_of(xa))
    expect_same_dtype(fn, ("x", "gamma", "beta"), (xa, ga, ba))
    if xa.ndim != 2:
        fail(fn, "x", "a 2-d array (batch, units); reshape to it first", xa)
    for name, a in (("gamma", ga), ("beta", ba)):
        if tuple(a.shape) != (xa.shape[1],):
            fail(fn, name, f"shape ({xa.shape[1]},) (x's units)", a)
    return standardize(x, (1,), eps)[0] * gamma + beta
