"""The inverses of pooling: unpooling (copy into every window slot) and upsampling (into
the slot a max pooling took its maximum from)."""

from __future__ import annotations

from math import prod
from typing import Any

from ... import backends
from ...errors import expect_integer, fail
from ...variable import Variable
from .._value_check import check_values, out_of_range, unchecked
from ..array._args import array_arg
from ..array._windows import Window, outsize_arg
from ..array.broadcast import broadcast_to
from ..array.im2col import fold
from ..array.reshape import reshape
from ..math.select import where
from ._common import pooling_args, spread_at


def unpooling_nd(x: Variable | Any, ksize: Any, stride: Any = None, pad: Any = 0,
                 outsize: Any = None, cover_all: bool = True) -> Variable:
    """Inverse of pooling: every window of the output filled with its input value, overlaps
    summed. A composite of broadcasting and ``col2im``'s node (no backward of its own).

    Args:
        x: inputs (n, c, d_1, ..., d_N).
        ksize, stride, pad: an int or N ints each; ``stride`` None means ``ksize``.
        outsize: the output's spatial shape; None gives Chainer's ``get_deconv_outsize``
            (``stride (d - 1) + ksize - 2 pad``, less ``stride - 1`` with ``cover_all``).
        cover_all: whether the pooling this inverts used ``cover_all``.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.unpooling_nd(np.array([[[1.0, 2.0]]]), 2, cover_all=False).array
    array([[[1., 1., 2., 2.]]])
    """
    return _unpool("unpooling_nd", None, x, ksize, stride, pad, outsize, cover_all)


def unpooling_1d(x: Variable | Any, ksize: Any, stride: Any = None, pad: Any = 0,
                 outsize: Any = None, cover_all: bool = True) -> Variable:
    """``unpooling_nd`` on (n, c, w) inputs.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.unpooling_1d(np.array([[[1.0, 2.0]]]), 3, 2, outsize=(4,)).array
    array([[[1., 1., 3., 2.]]])
    """
    return _unpool("unpooling_1d", 1, x, ksize, stride, pad, outsize, cover_all)


def unpooling_2d(x: Variable | Any, ksize: Any, stride: Any = None, pad: Any = 0,
                 outsize: Any = None, cover_all: bool = True) -> Variable:
    """``unpooling_nd`` on (n, c, h, w) inputs.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.unpooling_2d(np.array([[[[1.0, 2.0]]]]), 2, cover_all=False).array
    array([[[[1., 1., 2., 2.],
             [1., 1., 2., 2.]]]])
    """
    return _unpool("unpooling_2d", 2, x, ksize, stride, pad, outsize, cover_all)


def unpooling_3d(x: Variable | Any, ksize: Any, stride: Any = None, pad: Any = 0,
                 outsize: Any = None, cover_all: bool = True) -> Variable:
    """``unpooling_nd`` on (n, c, d, h, w) inputs.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.unpooling_3d(np.ones((1, 1, 1, 1, 1)), 2, cover_all=False).shape
    (1, 1, 2, 2, 2)
    """
    return _unpool("unpooling_3d", 3, x, ksize, stride, pad, outsize, cover_all)


def _unpool(fn: str, nd: int | None, x: Any, ksize: Any, stride: Any, pad: Any,
            outsize: Any, cover_all: bool) -> Variable:
    data, win = pooling_args(fn, x, nd, ksize, stride, pad)
    spatial = tuple(data.shape[2:])
    size = _outsize(fn, win, spatial, outsize, cover_all)
    lead = tuple(data.shape[:2])
    cols = reshape(x, (*lead, *(1,) * len(spatial), *spatial))
    return fold(broadcast_to(cols, (*lead, *win.ksize, *spatial)), win, size)


def upsampling_2d(x: Variable | Any, indexes: Any, ksize: Any, stride: Any = None,
                  pad: Any = 0, outsize: Any = None, cover_all: bool = True) -> Variable:
    """Inverse of max pooling: each input value put where its window's maximum was.

    A composite of a one-hot product and ``col2im``'s node (no backward of its own).

    Args:
        x: inputs (n, c, h, w), e.g. the output of ``max_pooling_2d``.
        indexes: integer array of ``x``'s shape: the flat offsets in each window that
            ``max_pooling_2d(..., return_indices=True)`` returns. Offsets out of range
            raise in debug mode and on Dask when computed; outside debug mode eager
            backends do not look (a GPU would wait) and put NaN at offset 0 instead.
        ksize, stride, pad, outsize, cover_all: as in ``unpooling_2d``; use the
            pooling's own.

    >>> import numpy as np, flexgrad.functions as F
    >>> x = np.array([[[[1.0, 3.0, 2.0, 0.0]]]])
    >>> y, idx = F.max_pooling_2d(x, (1, 2), return_indices=True)
    >>> F.upsampling_2d(y, idx, (1, 2), outsize=(1, 4)).array
    array([[[[0., 3., 2., 0.]]]])
    """
    data, win = pooling_args("upsampling_2d", x, 2, ksize, stride, pad)
    idx = array_arg("upsampling_2d", "indexes", indexes)
    backend = backends.backend_of(idx)
    expect_integer("upsampling_2d", "indexes", idx, backend)
    if tuple(idx.shape) != tuple(data.shape):
        fail("upsampling_2d", "indexes", f"the shape of x {tuple(data.shape)}", idx)
    slots = prod(win.ksize)
    idx = check_values("upsampling_2d", "indexes", idx, backend, out_of_range(0, slots),
                       f"offsets in [0, {slots}) (kernel {win.ksize})", "offsets")
    if unchecked(backend, idx):  # a bad offset puts NaN at offset 0 of its window
        bad = out_of_range(0, slots)(backend.xp, idx)
        idx = backend.xp.where(bad, backend.xp.zeros_like(idx), idx)
        x = where(bad, float("nan"), x)
    size = _outsize("upsampling_2d", win, tuple(data.shape[2:]), outsize, cover_all)
    return spread_at(x, idx, win, size)


def _outsize(fn: str, win: Window, size: tuple[int, ...], outsize: Any,
             cover_all: bool) -> tuple[int, ...]:
    """The checked output size: given, or the one whose pooling gives ``size``."""
    given = outsize_arg(fn, outsize, len(size))
    out = win.insize(size, cover_all) if given is None else given
    if min(out) < 1 or win.count(out, cover_all) != size:
        fail(fn, "outsize" if given else "pad", f"an output size whose pooling windows "
             f"(cover_all={cover_all}) number {size}, those of x", f"{out}")
    return out
