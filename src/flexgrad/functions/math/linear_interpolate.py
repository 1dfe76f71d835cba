"""linear_interpolate: ``p * x + (1 - p) * y``, elementwise."""

from __future__ import annotations

from typing import Any

from ...errors import expect_same_dtype, fail
from ...variable import Variable, as_variable
from ..array._args import array_arg


def linear_interpolate(p: Variable | Any, x: Variable | Any, y: Variable | Any) -> Variable:
    """Elementwise ``p * x + (1 - p) * y`` for arrays of one shape and dtype.

    A composite of arithmetic, so it needs no backward of its own.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.linear_interpolate(np.array([0.0, 0.25]), np.array([4.0, 4.0]),
    ...                      np.array([0.0, 0.0])).array
    array([0., 1.])
    """
    names = ("p", "x", "y")
    arrays = [array_arg("linear_interpolate", n, v) for n, v in zip(names, (p, x, y),
                                                                     strict=True)]
    expect_same_dtype("linear_interpolate", names, arrays)
    for name, a in zip(names[1:], arrays[1:], strict=True):
        if tuple(a.shape) != tuple(arrays[0].shape):
            fail("linear_interpolate", name, f"the shape of p {tuple(arrays[0].shape)}", a)
    p = as_variable(p)
    return p * x + (1 - p) * y
