"""resize_images: bilinear or nearest-neighbour resampling of the last two axes."""

from __future__ import annotations

import math
from typing import Any

from ... import backends
from ...errors import expect_float, expect_ndim, fail
from ...variable import Variable
from ._args import array_arg, is_int
from .get_item import get_item


def _sampling(n_in: int, n_out: int, mode: str, align_corners: bool
              ) -> tuple[list[int], list[int], list[float]]:
    """For each output position: the two source indices and the weight of the second."""
    if mode == "nearest":
        low = [min(math.floor(i * n_in / n_out), n_in - 1) for i in range(n_out)]
        return low, low, [0.0] * n_out
    if align_corners:
        step = (n_in - 1) / (n_out - 1) if n_out > 1 else 0.0
        where = [i * step for i in range(n_out)]
    else:
        where = [max((i + 0.5) * n_in / n_out - 0.5, 0.0) for i in range(n_out)]
    low = [min(int(v), n_in - 1) for v in where]
    return low, [min(i + 1, n_in - 1) for i in low], [v - i for v, i in zip(where, low,
                                                                              strict=True)]


def _along(x: Any, axis: int, n_in: int, n_out: int, mode: str, align_corners: bool,
           backend: backends.Backend, like: Any) -> Any:
    """``x`` resampled along ``axis`` (2 or 3): a weighted sum of two gathers, weighted by
    an array of ``like``'s dtype and device."""
    low, high, weight = _sampling(n_in, n_out, mode, align_corners)
    if low == list(range(n_in)) and not any(weight):
        return x  # same size, same points
    key = (slice(None),) * axis
    y = get_item(x, key + (low,))
    if not any(weight):
        return y
    shape = (n_out, 1) if axis == 2 else (n_out,)
    w = backend.xp.asarray(weight, dtype=like.dtype, device=backend.device_arg(like))
    w = backend.xp.reshape(w, shape)
    return y + (get_item(x, key + (high,)) - y) * w


def resize_images(x: Variable | Any, output_shape: Any, mode: str = "bilinear",
                  align_corners: bool = True) -> Variable:
    """Resize images ``(B, C, H, W)`` to ``(B, C, *output_shape)``.

    A composite of gathers (``get_item``) and arithmetic, so it needs no backward of its
    own; the gradient of a source pixel sums over the outputs it feeds.

    Args:
        x: a 4-d float Variable or array.
        output_shape: ``(H_out, W_out)`` (height first, unlike OpenCV).
        mode: ``'bilinear'`` or ``'nearest'``.
        align_corners: bilinear only: map the corner pixels of input and output onto each
            other (True), or sample at pixel centres, as OpenCV does (False).

    >>> import numpy as np, flexgrad.functions as F
    >>> F.resize_images(np.array([[[[0.0, 2.0]]]]), (1, 3)).array
    array([[[[0., 1., 2.]]]])
    """
    array = array_arg("resize_images", "x", x)
    backend = backends.backend_of(array)
    expect_float("resize_images", "x", array, backend)
    expect_ndim("resize_images", "x", array, 4)
    if (not isinstance(output_shape, (list, tuple)) or len(output_shape) != 2
            or not all(is_int(n) and n > 0 for n in output_shape)):
        fail("resize_images", "output_shape", "a pair of positive ints (H_out, W_out)",
             f"{output_shape!r}", kind="type")
    if mode not in ("bilinear", "nearest"):
        fail("resize_images", "mode", "'bilinear' or 'nearest'", f"{mode!r}")
    h, w = array.shape[2:]
    if h == 0 or w == 0:
        fail("resize_images", "x", "images of at least one pixel", array)
    y = _along(x, 2, h, int(output_shape[0]), mode, align_corners, backend, array)
    y = _along(y, 3, w, int(output_shape[1]), mode, align_corners, backend, array)
    return y if isinstance(y, Variable) else Variable(y, requires_grad=False)
