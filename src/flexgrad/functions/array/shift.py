"""shift: each group of channels moved by its own offset (Wu et al., "Shift: A Zero FLOP,
Zero Parameter Alternative to Spatial Convolutions", 2017), as Chainer orders them."""

from __future__ import annotations

from typing import Any

from ... import backends
from ...errors import expect_float, fail
from ...variable import Variable
from ._args import array_arg, is_int
from .concat import concat
from .get_item import get_item
from .pad import pad


def _pair(fn: str, arg: str, value: Any, odd: bool) -> tuple[int, int]:
    pair = tuple(value) if isinstance(value, (list, tuple)) else (value, value)
    wanted = "odd ints" if odd else "non-zero ints"
    if len(pair) != 2 or not all(is_int(v) and (v % 2 == 1 if odd else v != 0) for v in pair):
        fail(fn, arg, f"an int or a pair of {wanted}", f"{value!r}")
    return pair


def shift(x: Variable | Any, ksize: Any = 3, dilate: Any = 1) -> Variable:
    """Move the channels of ``x`` (n, c, h, w) in ``kh * kw`` groups, each by one offset
    of a ``ksize`` window times ``dilate``, zero-filling what comes in.

    Group ``i`` holds channels ``[i * c // (kh*kw), (i + 1) * c // (kh*kw))`` (the last
    also the rest) and is moved by window position ``i``, except that the centre (no
    move) and the last position trade places, so leftover channels stay put. A composite
    of pad, slicing and concat, which give its gradient.

    Args:
        ksize: the window, an odd int or a pair of them; ``c >= kh * kw``.
        dilate: the step between window positions, a non-zero int or a pair.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.shift(np.ones((1, 9, 3, 3)), ksize=3).array[0, 0]  # group 0: up and left
    array([[1., 1., 0.],
           [1., 1., 0.],
           [0., 0., 0.]])
    """
    array = array_arg("shift", "x", x)
    kh, kw = _pair("shift", "ksize", ksize, odd=True)
    dy, dx = _pair("shift", "dilate", dilate, odd=False)
    if array.ndim != 4 or array.shape[1] < kh * kw:
        fail("shift", "x", f"a 4-d array (n, c, h, w) with c >= {kh * kw} (kh * kw)", array)
    expect_float("shift", "x", array, backends.backend_of(array))
    _, c, h, w = array.shape
    py, px = kh // 2 * abs(dy), kw // 2 * abs(dx)
    padded = pad(x, ((0, 0), (0, 0), (py, py), (px, px)), "constant")
    groups = kh * kw
    size = c // groups
    parts = []
    for i in range(groups):
        position = {(groups - 1) // 2: groups - 1, groups - 1: (groups - 1) // 2}.get(i, i)
        ky, kx = position // kw - kh // 2, position % kw - kw // 2
        top, left = py - ky * dy, px - kx * dx
        channels = slice(i * size, (i + 1) * size if i < groups - 1 else c)
        parts.append(get_item(padded, (slice(None), channels, slice(top, top + h),
                                       slice(left, left + w))))
    return concat(parts, axis=1)
