"""group_normalization: standardize each sample over groups of channels."""

from __future__ import annotations

from typing import Any

from ... import backends
from ...errors import expect_float, expect_same_dtype, fail
from ...variable import Variable
from ..array._args import array_arg, is_int
from ..array.reshape import reshape
from ._standardize import standardize


def group_normalization(x: Variable | Any, groups: int, gamma: Variable | Any,
                        beta: Variable | Any, eps: float = 1e-5) -> Variable:
    """Group normalization: the C channels of ``x`` (B, C, ...) fall in ``groups`` groups
    of C / groups consecutive channels; each sample is standardized over each group's
    channels and positions, then scaled and shifted per channel by gamma and beta (C,).

    >>> import numpy as np, flexgrad.functions as F
    >>> x = np.array([[[1.0], [3.0], [10.0], [30.0]]])
    >>> F.group_normalization(x, 2, np.ones(4), np.zeros(4), eps=0.0).array[0, :, 0]
    array([-1.,  1., -1.,  1.])
    """
    fn = "group_normalization"
    xa, ga, ba = (array_arg(fn, n, v) for n, v in (("x", x), ("gamma", gamma), ("beta", beta)))
    expect_float(fn, "x", xa, backends.backend_of(xa))
    expect_same_dtype(fn, ("x", "gamma", "beta"), (xa, ga, ba))
    if xa.ndim < 2:
        fail(fn, "x", "an array of 2 or more dims (batch, channels, ...)", xa)
    channels = xa.shape[1]
    if not is_int(groups) or groups < 1 or channels % groups:
        fail(fn, "groups", f"a positive int dividing the {channels} channels", f"{groups!r}")
    for name, a in (("gamma", ga), ("beta", ba)):
        if tuple(a.shape) != (channels,):
            fail(fn, name, f"shape ({channels},) (x's channels)", a)
    shape = tuple(xa.shape)
    x_hat = standardize(reshape(x, (shape[0], groups, -1)), (2,), eps)[0]
    param = (1, channels) + (1,) * (len(shape) - 2)
    return reshape(x_hat, shape) * reshape(gamma, param) + reshape(beta, param)
