"""Average pooling, N-d, 1-d, 2-d and 3-d: each window's mean.

Global average pooling needs no function of its own: ``F.mean(x, axis=(2, 3))``.
"""

from __future__ import annotations

from math import prod
from typing import Any

from ... import backends
from ...errors import fail
from ...variable import Variable
from ..array._windows import Window
from ..array.im2col import windows
from ..math.sum import sum as sum_
from ._common import pooling_args


def average_pooling_nd(x: Variable | Any, ksize: Any, stride: Any = None, pad: Any = 0,
                       pad_value: float | None = 0) -> Variable:
    """N-dimensional average pooling: the mean of each window.

    A composite of the differentiable windows (``im2col``'s node) and a sum, so it has no
    backward of its own.

    Args:
        x: inputs (n, c, d_1, ..., d_N).
        ksize, stride, pad: an int or N ints each; ``stride`` None means ``ksize``.
        pad_value: 0 (the default): padded positions count as zeros in every mean, as in
            Chainer; None: a window's mean is over its elements inside ``x`` only.

    Returns:
        (n, c, l_1, ..., l_N) with ``l = (d + 2 pad - k) // stride + 1``.

    >>> import numpy as np, flexgrad.functions as F
    >>> x = np.array([[[1.0, 3.0, 5.0]]])
    >>> F.average_pooling_nd(x, 2, pad=1).array, F.average_pooling_nd(x, 2, 2, 1, None).array
    (array([[[0.5, 4. ]]]), array([[[1., 4.]]]))
    """
    return _average_pool("average_pooling_nd", None, x, ksize, stride, pad, pad_value)


def average_pooling_2d(x: Variable | Any, ksize: Any, stride: Any = None,
                       pad: Any = 0) -> Variable:
    """Two-dimensional average pooling on (n, c, h, w); padded zeros count in each mean.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.average_pooling_2d(np.arange(16.0).reshape(1, 1, 4, 4), 2).array
    array([[[[ 2.5,  4.5],
             [10.5, 12.5]]]])
    """
    return _average_pool("average_pooling_2d", 2, x, ksize, stride, pad, 0)


def average_pooling_1d(x: Variable | Any, ksize: Any, stride: Any = None, pad: Any = 0,
                       pad_value: float | None = 0) -> Variable:
    """One-dimensional average pooling: ``average_pooling_nd`` on (n, c, w) inputs.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.average_pooling_1d(np.array([[[1.0, 3.0, 2.0, 0.0]]]), 2).array
    array([[[2., 1.]]])
    """
    return _average_pool("average_pooling_1d", 1, x, ksize, stride, pad, pad_value)


def average_pooling_3d(x: Variable | Any, ksize: Any, stride: Any = None, pad: Any = 0,
                       pad_value: float | None = 0) -> Variable:
    """Three-dimensional average pooling: ``average_pooling_nd`` on (n, c, d, h, w) inputs.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.average_pooling_3d(np.arange(8.0).reshape(1, 1, 2, 2, 2), 2).array
    array([[[[[3.5]]]]])
    """
    return _average_pool("average_pooling_3d", 3, x, ksize, stride, pad, pad_value)


def _average_pool(fn: str, nd: int | None, x: Any, ksize: Any, stride: Any, pad: Any,
                  pad_value: Any) -> Variable:
    data, win = pooling_args(fn, x, nd, ksize, stride, pad)
    if pad_value is not None and (isinstance(pad_value, bool) or pad_value != 0):
        fail(fn, "pad_value", "0 or None", f"{pad_value!r}")
    outsize = win.outsize(fn, "ksize", tuple(data.shape[2:]), False)
    nd = len(outsize)
    sums = sum_(windows(x, win, outsize), axis=tuple(range(2, 2 + nd)))
    if pad_value is not None or not any(win.pad):
        return sums * (1.0 / prod(win.ksize))
    return sums / _inside_counts(win, tuple(data.shape[2:]), outsize, data)


def _inside_counts(win: Window, size: tuple[int, ...], outsize: tuple[int, ...],
                   like: Any) -> Any:
    """How many elements of each window lie inside the input, as an array of ``outsize``."""
    backend = backends.backend_of(like)
    xp, device = backend.xp, backend.device_arg(like)
    counts = None
    for axis, (n, k, s, p, _) in enumerate(zip(size, *win, strict=True)):
        along = [min(o * s - p + k, n) - max(o * s - p, 0) for o in range(outsize[axis])]
        shape = [1] * len(size)
        shape[axis] = len(along)
        a = xp.reshape(xp.asarray(along, dtype=like.dtype, device=device), tuple(shape))
        counts = a if counts is None else counts * a
    return counts
