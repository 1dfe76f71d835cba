"""Argument checks the activations share: float inputs, real hyperparameters, and the
per-channel parameters of prelu and swish."""

from __future__ import annotations

import math
from typing import Any

from ...backends import backend_of
from ...errors import expect_float, expect_same_dtype, fail
from ...variable import Variable
from ..array._args import array_arg
from ..array.reshape import reshape
from ..math._operands import is_scalar


def float_arg(fn: str, arg: str, x: Any) -> Any:
    """The array inside ``x``, which must have a real floating dtype.

    Composites call it first, so a bad input is reported under their own name rather than
    that of an inner function."""
    data = array_arg(fn, arg, x)
    expect_float(fn, arg, data, backend_of(data))
    return data


def real_arg(fn: str, arg: str, value: Any, *, positive: bool = False) -> float:
    """A finite real Python number (``slope``, ``alpha``, ``z``...), as a float."""
    if not is_scalar(value):
        fail(fn, arg, "a real number", f"{type(value).__name__} {value!r}", kind="type")
    value = float(value)
    if not math.isfinite(value) or (positive and value <= 0):
        fail(fn, arg, "a finite positive number" if positive else "a finite number",
             f"{value!r}")
    return value


def per_channel(fn: str, arg: str, x: Any, param: Any) -> Variable:
    """``param`` reshaped to broadcast against ``x`` along axes ``1 .. param.ndim``.

    Chainer's layout for prelu's ``W`` and swish's ``beta``: ``param.shape`` equals
    ``x.shape[1:1 + param.ndim]``, so axis 0 (the batch) and any trailing axes share it.
    """
    data = float_arg(fn, "x", x)
    p = array_arg(fn, arg, param)
    if p.dtype != data.dtype:
        expect_same_dtype(fn, ("x", arg), (data, p))
    if p.ndim >= data.ndim or tuple(p.shape) != tuple(data.shape[1:1 + p.ndim]):
        fail(fn, arg, f"the shape x.shape[1:1 + k] for some k < x.ndim (x's shape is "
             f"{tuple(data.shape)})", p)
    return reshape(param, (1, *p.shape) + (1,) * (data.ndim - p.ndim - 1))
