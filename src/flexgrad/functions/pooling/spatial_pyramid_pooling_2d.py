"""Spatial pyramid pooling: max pooling at several grid sizes, flattened into one vector."""

from __future__ import annotations

import math
from typing import Any

from ... import backends
from ...errors import expect_float, fail
from ...variable import Variable
from ..array._args import is_int
from ..array._windows import image_arg
from ..array.concat import concat
from ..array.reshape import reshape
from .max_pooling import max_pooling_2d


def spatial_pyramid_pooling_2d(x: Variable | Any, pyramid_height: int,
                               pooling: str | None = None) -> Variable:
    """Max pooling of (n, c, h, w) inputs into 1, 2 x 2, 4 x 4, ... bins, concatenated.

    Level ``i`` (from 0) pools with kernel ``ceil(h / 2**i)`` (and likewise along w),
    stride equal to the kernel, padding ``(2**i * kernel - h) // 2`` and ``cover_all``,
    as in Chainer, so an input of at least ``2**(pyramid_height - 1)`` pixels a side gives
    ``2**i`` bins a side whatever its size. A composite of ``max_pooling_2d``, ``reshape``
    and ``concat``.

    Args:
        x: inputs (n, c, h, w).
        pyramid_height: the number of levels, >= 1.
        pooling: ``'max'`` (Chainer's only choice) or None, which means ``'max'``.

    Returns:
        (n, c * sum(4**i for i < pyramid_height), 1, 1).

    >>> import numpy as np, flexgrad.functions as F
    >>> F.spatial_pyramid_pooling_2d(np.arange(16.0).reshape(1, 1, 4, 4), 2).array[0, :, 0, 0]
    array([15.,  5.,  7., 13., 15.])
    """
    fn = "spatial_pyramid_pooling_2d"
    data = image_arg(fn, "x", x, 2)
    expect_float(fn, "x", data, backends.backend_of(data))
    if not is_int(pyramid_height) or pyramid_height < 1:
        fail(fn, "pyramid_height", "an int >= 1", f"{pyramid_height!r}")
    if pooling not in (None, "max"):
        fail(fn, "pooling", "'max' (or None)", f"{pooling!r}")
    n = data.shape[0]
    levels = []
    for level in range(int(pyramid_height)):
        bins = 2 ** level
        ksize = tuple(math.ceil(side / bins) for side in data.shape[2:])
        pad = tuple((bins * k - side) // 2 for k, side in zip(ksize, data.shape[2:],
                                                              strict=True))
        levels.append(reshape(max_pooling_2d(x, ksize, pad=pad), (n, -1)))
    y = concat(levels, axis=1)
    return reshape(y, (n, y.shape[1], 1, 1))
