"""Op table rows: the neural-net functions ported from Chainer for issue 13 (1-d, 3-d and
N-d pooling and unpooling).

Each reference here is its own loop over output positions in NumPy, written from Chainer's
documented definition. Max rows draw distinct values (DISTINCT), so no maximum is tied.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
import op_refs as R
from hypothesis import strategies as st
from op_cases_pooling import images
from op_table import ANY, DISTINCT, Arg
from op_table import OpCase as C

import flexgrad
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


# -- spatial transformers --------------------------------------------------------------------
def transformer_grid(theta: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """Point (i, j) of the [-1, 1] target grid, mapped by each affine theta."""
    h, w = shape
    y = np.zeros((theta.shape[0], 2, h, w))
    for i, j in itertools.product(range(h), range(w)):
        target = np.array([-1 + 2 * j / (w - 1) if w > 1 else -1.0,
                           -1 + 2 * i / (h - 1) if h > 1 else -1.0, 1.0])
        y[:, :, i, j] = theta @ target
    return y


def transformer_sample(x: np.ndarray, grid: np.ndarray) -> np.ndarray:
    """Each grid point's bilinear read of x (pixel centres at -1 ... 1), zero outside."""
    n, c, h, w = x.shape
    y = np.zeros((n, c, *grid.shape[2:]))
    for b, i, j in itertools.product(range(n), *map(range, grid.shape[2:])):
        u, v = (grid[b, 0, i, j] + 1) * (w - 1) / 2, (grid[b, 1, i, j] + 1) * (h - 1) / 2
        for row, col in itertools.product((math.floor(v), math.floor(v) + 1),
                                          (math.floor(u), math.floor(u) + 1)):
            if 0 <= row < h and 0 <= col < w:
                y[b, :, i, j] += (1 - abs(v - row)) * (1 - abs(u - col)) * x[b, :, row, col]
    return y


@st.composite
def sampled_shapes(draw: st.DrawFn):
    """Images (n, c, 3, 5) and a grid (n, 2, h_O, w_O)."""
    n, c = draw(st.integers(1, 2)), draw(st.integers(1, 2))
    return (n, c, 3, 5), (n, 2, draw(st.integers(1, 3)), draw(st.integers(1, 3)))


# on 3 x 5 images a point crosses a pixel (where the gradient in grid jumps) at these
POINTS = Arg(-1.2, 1.2, avoid=(-1.0, -0.5, 0.0, 0.5, 1.0), margin=0.02)

TRANSFORMER = [
    C("spatial_transformer_grid", st.integers(1, 2).map(lambda n: ((n, 2, 3),)),
      func=lambda theta: F.spatial_transformer_grid(theta, (2, 3)), tag="output_shape=(2, 3)",
      ref=lambda theta: transformer_grid(theta, (2, 3))),
    C("spatial_transformer_sampler", sampled_shapes(), (ANY, POINTS), ref=transformer_sample),
]


# -- connectionist temporal classification ---------------------------------------------------
def ctc(x: np.ndarray, t: np.ndarray, blank: int, input_length=None, label_length=None,
        reduce: str = "mean") -> np.ndarray:
    """By brute force: the probability of every path of labels that spells t[b] once
    repeats are merged and blanks dropped, summed."""
    steps, batch, vocab = x.shape
    logp = x - np.log(np.exp(x).sum(axis=2, keepdims=True))
    losses = []
    for b in range(batch):
        n = steps if input_length is None else int(input_length[b])
        target = list(t[b] if label_length is None else t[b, :int(label_length[b])])
        spelled = []
        for path in itertools.product(range(vocab), repeat=n):
            merged = [k for i, k in enumerate(path) if i == 0 or k != path[i - 1]]
            if [k for k in merged if k != blank] == target:
                spelled.append(sum(logp[i, b, k] for i, k in enumerate(path)))
        losses.append(-np.logaddexp.reduce(spelled))
    return np.array(np.mean(losses)) if reduce == "mean" else np.array(losses)


def _ctc(x, t, **kw):
    """The row's (T, B, V) scores as the list of T steps CTC takes."""
    return F.connectionist_temporal_classification([x[i] for i in range(x.shape[0])], t, 0,
                                                   **kw)


NONBLANK = Arg(kind="int", low=1, high=2)  # labels of V=3 scores, blank 0
CTC = [
    # T=3 steps fit any 2 labels (a repeat needs a blank between); the defaults (all
    # steps, all labels, 'mean') are checked by example in test_ports_nn.py
    C("connectionist_temporal_classification",
      st.integers(1, 2).map(lambda b: ((3, b, 3), (b, 2), (b,), (b,))),
      (ANY, NONBLANK, Arg(kind="int", low=1, high=3), Arg(kind="int", low=0, high=1)),
      func=lambda x, t, n, m: _ctc(x, t, input_length=n, label_length=m, reduce="no"),
      tag="blank_symbol=0,lengths,reduce='no'",
      ref=lambda x, t, n, m: ctc(x, t, 0, n, m, "no")),
]


# -- regions of interest ---------------------------------------------------------------------
def _quantized(lo: float, hi: float, out: int, size: int, plus_one: int) -> list[range]:
    """Each bin's pixels: a rounded box cut at floor/ceil of p * length / out (exactly)."""
    first, last = round(lo), round(hi)
    length = max(last - first + plus_one, 1)
    bins = []
    for p in range(out):
        a = min(max(math.floor(Fraction(p * length, out)) + first, 0), size)
        b = min(max(math.ceil(Fraction((p + 1) * length, out)) + first, 0), size)
        bins.append(range(a, b))
    return bins


def roi_pooled(x, boxes, index, outsize, scale, reduce: str, plus_one: int = 0) -> np.ndarray:
    """Boxes (y_min, x_min, y_max, x_max): each bin's max or mean, 0 when it is empty."""
    out_h, out_w = _tuple(outsize, 2)
    y = np.zeros((len(boxes), x.shape[1], out_h, out_w))
    for r, (y0, x0, y1, x1) in enumerate(boxes * scale):
        rows = _quantized(y0, y1, out_h, x.shape[2], plus_one)
        cols = _quantized(x0, x1, out_w, x.shape[3], plus_one)
        for i, j in itertools.product(range(out_h), range(out_w)):
            patch = x[int(index[r])][:, rows[i]][:, :, cols[j]]
            if patch.size:
                y[r, :, i, j] = patch.max(axis=(1, 2)) if reduce == "max" else \
                    patch.mean(axis=(1, 2))
    return y


def _bilinear(image: np.ndarray, y: float, x: float) -> np.ndarray | None:
    """ROIAlign's read at (y, x): None outside [-1, size]; clamped to the image, then the
    four neighbours weighted by distance."""
    h, w = image.shape[1:]
    if y < -1 or y > h or x < -1 or x > w:
        return None
    y, x = min(max(y, 0.0), h - 1.0), min(max(x, 0.0), w - 1.0)
    y0, x0 = min(int(y), h - 1), min(int(x), w - 1)
    y1, x1 = min(y0 + 1, h - 1), min(x0 + 1, w - 1)
    dy, dx = y - y0, x - x0
    return ((1 - dy) * (1 - dx) * image[:, y0, x0] + (1 - dy) * dx * image[:, y0, x1]
            + dy * (1 - dx) * image[:, y1, x0] + dy * dx * image[:, y1, x1])


def roi_aligned(x, boxes, index, outsize, scale, reduce: str, ratio=None) -> np.ndarray:
    """Each bin's samples at ((g + 0.5) / grid) of the bin: their max (0 when none is
    inside), or their sum over the whole grid's count."""
    out_h, out_w = _tuple(outsize, 2)
    ratio = _tuple(ratio, 2) if ratio is not None else (None, None)
    y = np.zeros((len(boxes), x.shape[1], out_h, out_w))
    for r, (y0, x0, y1, x1) in enumerate(boxes * scale):
        bin_h, bin_w = max(y1 - y0, 1.0) / out_h, max(x1 - x0, 1.0) / out_w
        grid_h = ratio[0] or math.ceil(bin_h)
        grid_w = ratio[1] or math.ceil(bin_w)
        for i, j in itertools.product(range(out_h), range(out_w)):
            samples = [_bilinear(x[int(index[r])], y0 + i * bin_h + (a + 0.5) * bin_h / grid_h,
                                 x0 + j * bin_w + (b + 0.5) * bin_w / grid_w)
                       for a in range(grid_h) for b in range(grid_w)]
            samples = [v for v in samples if v is not None]
            if reduce == "max":
                y[r, :, i, j] = np.max(samples, axis=0) if samples else 0.0
            else:
                y[r, :, i, j] = np.sum(samples, axis=0) / (grid_h * grid_w) if samples else 0.0
    return y


@st.composite
def roi_shapes(draw: st.DrawFn):
    """Shapes of images (2, c, h, w), boxes (R, 4) and their image indices (R,)."""
    c, h, w, boxes = (draw(st.integers(1, 2)), draw(st.integers(3, 5)), draw(st.integers(3, 5)),
                      draw(st.integers(1, 3)))
    return (2, c, h, w), (boxes, 4), (boxes,)


CORNER, IMAGE = Arg(kind="int", low=0, high=6), Arg(kind="int", low=0, high=1)


def _as_boxes(x, corners):
    """Integer corners drawn by the row, as boxes of x's dtype on x's backend."""
    xp = flexgrad.backends.backend_of(corners.array).xp
    return xp.astype(corners.array, x.dtype)


def _with_index(x, corners, index):
    """Chainer's older boxes (R, 5): the image index, then the corners."""
    xp = flexgrad.backends.backend_of(corners.array).xp
    both = xp.concat([xp.reshape(index.array, (-1, 1)), corners.array], axis=1)
    return xp.astype(both, x.dtype)


ROI = [
    C("roi_pooling_2d", roi_shapes(), (DISTINCT, CORNER, IMAGE),
      func=lambda x, b, i: F.roi_pooling_2d(x, _with_index(x, b, i), 2, 2, 0.6),
      tag="outh=2,outw=2,spatial_scale=0.6",
      ref=lambda x, b, i: roi_pooled(x, b[:, [1, 0, 3, 2]].astype(float), i, 2, 0.6, "max",
                                     plus_one=1)),
    C("roi_max_pooling_2d", roi_shapes(), (DISTINCT, CORNER, IMAGE),
      func=lambda x, b, i: F.roi_max_pooling_2d(x, _as_boxes(x, b), i, (2, 1), 0.6),
      tag="outsize=(2, 1),spatial_scale=0.6",
      ref=lambda x, b, i: roi_pooled(x, b.astype(float), i, (2, 1), 0.6, "max")),
    C("roi_average_pooling_2d", roi_shapes(), (ANY, CORNER, IMAGE),
      func=lambda x, b, i: F.roi_average_pooling_2d(x, _as_boxes(x, b), i, 2, 1.0),
      tag="outsize=2,spatial_scale=1",
      ref=lambda x, b, i: roi_pooled(x, b.astype(float), i, 2, 1.0, "mean")),
    # one sample per bin: a maximum over several interpolated samples can tie (a + b = c + d
    # on a grid), so that is checked by example in test_ports_nn.py
    C("roi_max_align_2d", roi_shapes(), (ANY, CORNER, IMAGE),
      func=lambda x, b, i: F.roi_max_align_2d(x, _as_boxes(x, b), i, 2, 0.6, 1),
      tag="outsize=2,spatial_scale=0.6,sampling_ratio=1",
      ref=lambda x, b, i: roi_aligned(x, b.astype(float), i, 2, 0.6, "max", 1)),
    C("roi_average_align_2d", roi_shapes(), (ANY, CORNER, IMAGE),
      func=lambda x, b, i: F.roi_average_align_2d(x, _as_boxes(x, b), i, (2, 1), 0.7),
      tag="outsize=(2, 1),spatial_scale=0.7",
      ref=lambda x, b, i: roi_aligned(x, b.astype(float), i, (2, 1), 0.7, "mean")),
]

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

CASES = POOLING + PYRAMID + LOCAL + ROI + TRANSFORMER + CTC
