"""Sliding windows for libraries with strided views and in-place adds (NumPy, CuPy, torch).

The standard-only versions in ``_base.py`` copy every window; here a window array is a
view of (a padded copy of) the image, so a convolution pays one copy, when its matrix
product reads the windows, and folding windows back is one in-place add per kernel offset.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any


def sliding_window(lib: Any, as_strided: Callable[..., Any], x: Any, ksize: tuple[int, ...],
                   stride: tuple[int, ...], pad: tuple[int, ...], dilate: tuple[int, ...],
                   outsize: tuple[int, ...], pad_value: float) -> Any:
    """``Backend.sliding_window`` as a strided view; ``lib`` gives ``full`` and ``zeros``
    (numpy, cupy, or an adapter creating on a torch device)."""
    size = x.shape[2:]
    reach = [s * (o - 1) + d * (k - 1) + 1
             for k, s, d, o in zip(ksize, stride, dilate, outsize, strict=True)]
    if any(pad) or any(r > p + n for r, p, n in zip(reach, pad, size, strict=True)):
        padded = tuple(max(r, p + n) for r, p, n in zip(reach, pad, size, strict=True))
        buffer = lib.full(x.shape[:2] + padded, pad_value, dtype=x.dtype)
        buffer[(..., *(slice(p, p + n) for p, n in zip(pad, size, strict=True)))] = x
        x = buffer
    steps = _strides(x)[2:]
    strides = (*_strides(x)[:2], *(d * t for d, t in zip(dilate, steps, strict=True)),
               *(s * t for s, t in zip(stride, steps, strict=True)))
    return as_strided(x, x.shape[:2] + tuple(ksize) + tuple(outsize), strides)


def fold_windows(lib: Any, cols: Any, stride: tuple[int, ...], pad: tuple[int, ...],
                 dilate: tuple[int, ...], size: tuple[int, ...]) -> Any:
    """``Backend.fold_windows`` by one in-place strided add per kernel offset."""
    nd = len(size)
    ksize, outsize = cols.shape[2:2 + nd], cols.shape[2 + nd:]
    reach = [s * (o - 1) + d * (k - 1) + 1
             for k, s, d, o in zip(ksize, stride, dilate, outsize, strict=True)]
    padded = tuple(max(r, p + n) for r, p, n in zip(reach, pad, size, strict=True))
    if _strides(cols)[0] < _strides(cols)[1]:  # channels outermost, as a product laid them out:
        # the image follows, so each add runs along matching memory
        image = lib.zeros((cols.shape[1], cols.shape[0]) + padded, dtype=cols.dtype)
        image = image.swapaxes(0, 1)
    else:
        image = lib.zeros(cols.shape[:2] + padded, dtype=cols.dtype)
    for offset in itertools.product(*(range(k) for k in ksize)):
        window = tuple(slice(i * d, i * d + s * (o - 1) + 1, s)
                       for i, s, d, o in zip(offset, stride, dilate, outsize, strict=True))
        image[(slice(None), slice(None), *window)] += cols[(slice(None), slice(None), *offset)]
    return image[(..., *(slice(p, p + n) for p, n in zip(pad, size, strict=True)))]


def window_max(lib: Any, cols: Any) -> tuple[Any, Any]:
    """``Backend.window_max`` from a windows view (N, C, *ksize, *outsize): one running
    elementwise maximum per kernel offset; ``lib`` gives ``maximum``, ``zeros`` and
    ``int32`` (numpy or cupy)."""
    nd = (cols.ndim - 2) // 2
    offsets = itertools.product(*(range(k) for k in cols.shape[2:2 + nd]))
    y = cols[(slice(None), slice(None), *next(offsets))].copy()
    index = lib.zeros(y.shape, dtype=lib.int32)
    for flat, offset in enumerate(offsets, 1):
        slab = cols[(slice(None), slice(None), *offset)]
        # strictly greater: the first maximum wins; arithmetic, as a masked write is slower
        index += (slab > y) * (flat - index)
        lib.maximum(y, slab, out=y)
    return y, index


def spread_windows(lib: Any, values: Any, indexes: Any, ksize: tuple[int, ...],
                   stride: tuple[int, ...], pad: tuple[int, ...],
                   size: tuple[int, ...]) -> Any:
    """``Backend.spread_windows`` by one in-place strided add per kernel offset of the
    values times whether their slot is that offset (as the one-hot product computes)."""
    outsize = values.shape[2:]
    padded = tuple(max(s * (o - 1) + k, p + n)
                   for k, s, o, p, n in zip(ksize, stride, outsize, pad, size, strict=True))
    image = lib.zeros(values.shape[:2] + padded, dtype=values.dtype)
    for flat, offset in enumerate(itertools.product(*(range(k) for k in ksize))):
        window = tuple(slice(i, i + s * (o - 1) + 1, s)
                       for i, s, o in zip(offset, stride, outsize, strict=True))
        image[(slice(None), slice(None), *window)] += values * (indexes == flat)
    return image[(..., *(slice(p, p + n) for p, n in zip(pad, size, strict=True)))]


def _strides(x: Any) -> tuple[int, ...]:
    """``x``'s strides: bytes on NumPy and CuPy, elements on torch; the window views are
    built from the array's own strides, so either unit serves."""
    strides = getattr(x, "strides", None)
    return tuple(strides) if strides is not None else tuple(x.stride())
