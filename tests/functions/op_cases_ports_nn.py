"""Op table rows: the neural-net functions ported from Chainer for issue 13 (1-d, 3-d and
N-d pooling and unpooling).

Each reference here is its own loop over output positions in NumPy, written from Chainer's
documented definition. Max rows draw distinct values (DISTINCT), so no maximum is tied.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import op_refs as R
from hypothesis import strategies as st
from op_cases_pooling import images
from op_table import DISTINCT
from op_table import OpCase as C

import flexgrad.functions as F


def _tuple(v, n: int) -> tuple[int, ...]:
    return tuple(v) if isinstance(v, (tuple, list)) else (v,) * n


def unpooling(x: np.ndarray, ksize, stride=None, pad=0, outsize=None,
              cover_all: bool = True) -> np.ndarray:
    """Each ``x[..., q]`` added to every in-bounds position ``q*s - p + k`` of its window."""
    nd = x.ndim - 2
    k, p = _tuple(ksize, nd), _tuple(pad, nd)
    s = _tuple(ksize if stride is None else stride, nd)
    if outsize is None:
        outsize = tuple(si * (n - 1) + ki - 2 * pi - (si - 1 if cover_all else 0)
                        for n, ki, si, pi in zip(x.shape[2:], k, s, p, strict=True))
    y = np.zeros(x.shape[:2] + tuple(outsize))
    for q in itertools.product(*map(range, x.shape[2:])):
        for kk in itertools.product(*map(range, k)):
            at = tuple(qi * si - pi + ki for qi, si, pi, ki in zip(q, s, p, kk, strict=True))
            if all(0 <= a < n for a, n in zip(at, outsize, strict=True)):
                y[(slice(None), slice(None), *at)] += x[(slice(None), slice(None), *q)]
    return y


def spatial_pyramid_pooling(x: np.ndarray, height: int) -> np.ndarray:
    """Level ``i``: max pooling with kernel ceil(side / 2**i), padded to 2**i kernels."""
    levels = []
    for i in range(height):
        k = [math.ceil(side / 2 ** i) for side in x.shape[2:]]
        pad = [(2 ** i * ki - side) // 2 for ki, side in zip(k, x.shape[2:], strict=True)]
        levels.append(R.max_pooling(x, k, pad=pad).reshape(x.shape[0], -1))
    y = np.concatenate(levels, axis=1)
    return y.reshape(*y.shape, 1, 1)


def local_convolution(x: np.ndarray, W: np.ndarray, b: np.ndarray | None = None,
                      stride=1) -> np.ndarray:
    """Output (i, j) is the window at (i * sy, j * sx) contracted with filters W[i, j]."""
    sy, sx = _tuple(stride, 2)
    out_h, out_w, c_out, _, kh, kw = W.shape
    y = np.zeros((x.shape[0], c_out, out_h, out_w))
    for i, j in itertools.product(range(out_h), range(out_w)):
        patch = x[:, :, i * sy:i * sy + kh, j * sx:j * sx + kw]
        y[:, :, i, j] = np.einsum("ncpq,ocpq->no", patch, W[i, j])
    return y if b is None else y + b


@st.composite
def local_shapes(draw: st.DrawFn, stride: tuple[int, int]):
    """Shapes of x (n, c, h, w), W (h_O, w_O, c_O, c, kh, kw) and b (c_O, h_O, w_O)."""
    n, c, c_out = draw(st.integers(1, 2)), draw(st.integers(1, 2)), draw(st.integers(1, 2))
    kh, kw = draw(st.integers(1, 2)), draw(st.integers(1, 2))
    h, w = kh + draw(st.integers(0, 2)), kw + draw(st.integers(0, 2))
    out_h, out_w = (h - kh) // stride[0] + 1, (w - kw) // stride[1] + 1
    return (n, c, h, w), (out_h, out_w, c_out, c, kh, kw), (c_out, out_h, out_w)


POOLING = [
    C("max_pooling_1d", images(nd=1, low=2), (DISTINCT,), kw={"ksize": 2, "stride": 1},
      ref=lambda x: R.max_pooling(x, 2, 1)),
    C("max_pooling_3d", images(nd=3, low=2, high=3, channels=1), (DISTINCT,), kw={"ksize": 2},
      ref=lambda x: R.max_pooling(x, 2)),
    C("average_pooling_1d", images(nd=1, low=2), kw={"ksize": 3, "pad": 1},
      ref=lambda x: R.average_pooling(x, 3, pad=1)),
    C("average_pooling_3d", images(nd=3, low=2, high=3, channels=1),
      kw={"ksize": 2, "stride": 1},
      ref=lambda x: R.average_pooling(x, 2, 1)),
    C("unpooling_1d", images(nd=1, low=2), kw={"ksize": 3, "stride": 2, "pad": 1},
      ref=lambda x: unpooling(x, 3, 2, 1)),
    C("unpooling_3d", images(nd=3, high=2, channels=1), kw={"ksize": 2, "cover_all": False},
      ref=lambda x: unpooling(x, 2, cover_all=False)),
    C("unpooling_nd", images(nd=2, high=3), kw={"ksize": (2, 3), "stride": 2},
      ref=lambda x: unpooling(x, (2, 3), 2)),
]

PYRAMID = [
    C("spatial_pyramid_pooling_2d", images(low=2, high=5), (DISTINCT,),
      kw={"pyramid_height": 2}, ref=lambda x: spatial_pyramid_pooling(x, 2)),
]

LOCAL = [
    C("local_convolution_2d", local_shapes((1, 2)), func=lambda x, W, b: F.local_convolution_2d(
        x, W, b, stride=(1, 2)), tag="stride=(1, 2)",
      ref=lambda x, W, b: local_convolution(x, W, b, (1, 2))),
]

CASES = POOLING + PYRAMID + LOCAL
