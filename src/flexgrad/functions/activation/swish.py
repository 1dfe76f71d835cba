"""Swish ``x * sigmoid(beta * x)`` with a learnable ``beta``, and silu (``beta = 1``)."""

from __future__ import annotations

from typing import Any

from ...variable import Variable
from ..math.basic_math import mul
from ._args import float_arg, per_channel
from .sigmoid import sigmoid


def swish(x: Variable | Any, beta: Variable | Any) -> Variable:
    """Elementwise ``x * sigmoid(beta * x)``, with one ``beta`` per channel.

    A composite of :func:`sigmoid` and products: it has no backward of its own.

    Args:
        x: a float array of shape ``(B, s_1, ..., s_N)``.
        beta: a parameter of shape ``(s_1, ..., s_M)``, ``M <= N``; it is reshaped to
            ``(1, s_1, ..., s_M, 1, ..., 1)`` and broadcast against ``x``.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.swish(np.array([[-1.0, 0.0, 2.0]]), np.ones(3)).array
    array([[-0.26894142,  0.        ,  1.76159416]])
    """
    return mul(x, sigmoid(mul(per_channel("swish", "beta", x, beta), x)))


def silu(x: Variable | Any) -> Variable:
    """Elementwise sigmoid linear unit ``x * sigmoid(x)`` (swish with ``beta = 1``).

    A composite of :func:`sigmoid` and a product: it has no backward of its own.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.silu(np.array([-1.0, 0.0, 2.0])).array
    array([-0.26894142,  0.        ,  1.76159416])
    """
    float_arg("silu", "x", x)
    return mul(x, sigmoid(x))
