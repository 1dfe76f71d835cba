"""Parametric ReLU: a learnable slope below 0."""

from __future__ import annotations

from typing import Any

from ...variable import Variable, as_array
from ..math.basic_math import mul
from ..math.select import where
from ._args import per_channel


def prelu(x: Variable | Any, W: Variable | Any) -> Variable:  # noqa: N803 - Chainer's name
    """Elementwise ``x`` where ``x >= 0``, else ``W * x``, with one slope per channel.

    A composite of a product and :func:`where`: it has no backward of its own.

    Args:
        x: a float array of shape ``(B, s_1, ..., s_N)``.
        W: the slopes, of shape ``(s_1, ..., s_M)``, ``M <= N``; reshaped to
            ``(1, s_1, ..., s_M, 1, ..., 1)`` and broadcast against ``x``.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.prelu(np.array([[-2.0, -2.0], [1.0, 3.0]]), np.array([0.5, 0.25])).array
    array([[-1. , -0.5],
           [ 1. ,  3. ]])
    """
    slopes = per_channel("prelu", "W", x, W)
    return where(as_array(x) >= 0, x, mul(x, slopes))
