"""What the pooling functions share: argument checks, and spreading values to window slots."""

from __future__ import annotations

from math import prod
from typing import Any

from ... import backends
from ...errors import expect_float
from ...variable import Variable
from ..array._windows import Window, image_arg, window
from ..array.im2col import fold
from ..array.reshape import reshape


def pooling_args(fn: str, x: Any, nd: int | None, ksize: Any, stride: Any,
                 pad: Any) -> tuple[Any, Window]:
    """The checked array of ``x`` and the windows' geometry (``stride`` None: ``ksize``)."""
    data = image_arg(fn, "x", x, nd)
    expect_float(fn, "x", data, backends.backend_of(data))
    nd = data.ndim - 2
    win = window(fn, nd, ksize, ksize if stride is None else stride, pad)
    return data, win


def spread_at(values: Variable | Any, indexes: Any, win: Window,
              size: tuple[int, ...]) -> Variable:
    """Each value (N, C, *outsize) placed at slot ``indexes`` (flat kernel offsets) of its
    window, the windows folded into an image (N, C, *size), overlaps summed.

    A composite of a one-hot product and ``fold``, so it differentiates to any order (its
    gradient picks each window's slot ``indexes``).
    """
    data = values.array if isinstance(values, Variable) else values
    backend = backends.backend_of(data)
    xp, nd = backend.xp, len(win.ksize)
    k = prod(win.ksize)
    offsets = xp.arange(k, dtype=indexes.dtype, device=backend.device_arg(indexes))
    offsets = xp.reshape(offsets, (k,) + (1,) * nd)
    mask = xp.astype(xp.expand_dims(indexes, axis=2) == offsets, data.dtype)  # one-hot, axis 2
    mask = backend.reshape(mask, (*data.shape[:2], *win.ksize, *data.shape[2:]))
    slots = reshape(values, (*data.shape[:2], *(1,) * nd, *data.shape[2:])) * mask
    return fold(slots, win, size)
