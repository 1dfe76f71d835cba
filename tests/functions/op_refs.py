"""Forward references for the op table (the ``ref`` column), computed without flexgrad.

Each is written from the function's documented (Chainer) definition in the most direct
form: NumPy for array ops, plain loops over output positions for convolutions and
pooling, the cell equations in a Python loop over time for the RNNs, the formulas for the
losses and normalizations. Inputs are the rows' small float64 NumPy arrays, so speed does
not matter; being obviously right does.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

import numpy as np
from scipy.special import expit, log_softmax, logsumexp


def _tuple(v, n: int) -> tuple[int, ...]:
    return tuple(v) if isinstance(v, (tuple, list)) else (v,) * n


# -- arrays ----------------------------------------------------------------------------------
def sum_to(x: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """``x`` summed down to ``shape``: its extra leading axes, and the axes ``shape`` has 1."""
    lead = x.ndim - len(shape)
    y = x.sum(axis=tuple(range(lead)))
    for axis, n in enumerate(shape):
        if n == 1:
            y = y.sum(axis=axis, keepdims=True)
    return y


def depth2space(x: np.ndarray, r: int) -> np.ndarray:
    """``y[b, c, h*r + i, w*r + j] = x[b, (i*r + j)*C + c, h, w]`` (Chainer's order)."""
    b, crr, h, w = x.shape
    c = crr // (r * r)
    y = np.empty((b, c, h * r, w * r))
    for ci, hi, wi, i, j in itertools.product(range(c), range(h), range(w), range(r), range(r)):
        y[:, ci, hi * r + i, wi * r + j] = x[:, (i * r + j) * c + ci, hi, wi]
    return y


def space2depth(x: np.ndarray, r: int) -> np.ndarray:
    """The inverse of depth2space: ``y[b, (i*r + j)*C + c, h, w] = x[b, c, h*r + i, w*r + j]``."""
    b, c, hr, wr = x.shape
    h, w = hr // r, wr // r
    y = np.empty((b, c * r * r, h, w))
    for ci, hi, wi, i, j in itertools.product(range(c), range(h), range(w), range(r), range(r)):
        y[:, (i * r + j) * c + ci, hi, wi] = x[:, ci, hi * r + i, wi * r + j]
    return y


def resize_bilinear(x: np.ndarray, out_shape: tuple[int, int],
                    align_corners: bool = True) -> np.ndarray:
    """Bilinear resampling of ``(B, C, H, W)``, one output pixel at a time."""
    h, w = x.shape[2:]
    ho, wo = out_shape

    def source(i: int, n_in: int, n_out: int) -> tuple[int, int, float]:
        if align_corners:
            v = i * (n_in - 1) / (n_out - 1) if n_out > 1 else 0.0
        else:
            v = max((i + 0.5) * n_in / n_out - 0.5, 0.0)
        lo = min(math.floor(v), n_in - 1)
        return lo, min(lo + 1, n_in - 1), v - lo

    y = np.empty(x.shape[:2] + (ho, wo))
    for i, j in itertools.product(range(ho), range(wo)):
        y0, y1, ty = source(i, h, ho)
        x0, x1, tx = source(j, w, wo)
        y[:, :, i, j] = ((1 - ty) * (1 - tx) * x[:, :, y0, x0] + (1 - ty) * tx * x[:, :, y0, x1]
                         + ty * (1 - tx) * x[:, :, y1, x0] + ty * tx * x[:, :, y1, x1])
    return y


def permutate(x: np.ndarray, indices: Sequence[int], axis: int = 0,
              inv: bool = False) -> np.ndarray:
    """``y[i] = x[indices[i]]`` along ``axis``, or ``y[indices[i]] = x[i]`` with ``inv``."""
    xs, ys = np.moveaxis(x, axis, 0), np.empty_like(np.moveaxis(x, axis, 0))
    for i, k in enumerate(indices):
        if inv:
            ys[k] = xs[i]
        else:
            ys[i] = xs[k]
    return np.moveaxis(ys, 0, axis)


def pad_sequence(xs: Sequence[np.ndarray], padding: float = 0.0) -> np.ndarray:
    longest = max(len(x) for x in xs)
    y = np.full((len(xs), longest) + xs[0].shape[1:], padding, dtype=float)
    for i, x in enumerate(xs):
        y[i, :len(x)] = x
    return y


def transpose_sequence(xs: Sequence[np.ndarray]) -> tuple[np.ndarray, ...]:
    return tuple(np.stack([x[t] for x in xs if len(x) > t]) for t in range(len(xs[0])))


def scatter_add(a: np.ndarray, slices, b: np.ndarray) -> np.ndarray:
    y = a.copy()
    np.add.at(y, slices, b)
    return y


# -- connections -----------------------------------------------------------------------------
def linear(x: np.ndarray, W: np.ndarray, b: np.ndarray | None = None,
           n_batch_axes: int = 1) -> np.ndarray:
    """``y = x W^T + b``, the trailing axes of ``x`` after its batch axes flattened."""
    flat = x.reshape(x.shape[:n_batch_axes] + (-1,))
    y = np.einsum("...j,ij->...i", flat, W)
    return y if b is None else y + b


def _windows(stride, pad, dilate, ksize: tuple[int, ...]):
    nd = len(ksize)
    return _tuple(stride, nd), _tuple(pad, nd), _tuple(dilate, nd)


def convolution(x: np.ndarray, W: np.ndarray, b: np.ndarray | None = None, stride=1, pad=0,
                cover_all: bool = False, dilate=1, groups: int = 1) -> np.ndarray:
    """N-d cross-correlation by a loop over output positions and kernel offsets:
    ``y[n, o, p] = sum x[n, c, p*s - pad + k*d] W[o, c, k]`` over the group's channels,
    zero outside ``x``; ``cover_all`` adds the windows that reach into the far padding."""
    ksize = W.shape[2:]
    s, p, d = _windows(stride, pad, dilate, ksize)
    size = x.shape[2:]
    out = tuple((n + 2 * pi - (di * (k - 1) + 1) + (si - 1 if cover_all else 0)) // si + 1
                for n, k, si, pi, di in zip(size, ksize, s, p, d, strict=True))
    c_in, c_out = x.shape[1], W.shape[0]
    gi, go = c_in // groups, c_out // groups
    y = np.zeros((x.shape[0], c_out, *out))
    for o, k, at in _taps(out, ksize, s, p, d, size):
        for g in range(groups):
            patch = x[(slice(None), slice(g * gi, (g + 1) * gi), *at)]
            w = W[(slice(g * go, (g + 1) * go), slice(None), *k)]
            y[(slice(None), slice(g * go, (g + 1) * go), *o)] += patch @ w.T
    if b is not None:
        y += b.reshape((1, -1) + (1,) * len(out))
    return y


def _taps(grid, ksize, s, p, d, bounds):
    """``(q, k, q * s - p + k * d)`` for every position ``q`` of ``grid`` and kernel offset
    ``k`` whose tap lands inside ``bounds``: the pairs a convolution reads (from ``x``) and a
    transposed convolution writes (into ``y``)."""
    for q in itertools.product(*map(range, grid)):
        for k in itertools.product(*map(range, ksize)):
            at = tuple(qi * si - pi + ki * di for qi, ki, si, pi, di in zip(q, k, s, p, d,
                                                                            strict=True))
            if all(0 <= a < n for a, n in zip(at, bounds, strict=True)):
                yield q, k, at


def depthwise_convolution_2d(x: np.ndarray, W: np.ndarray, b: np.ndarray | None = None,
                             stride=1, pad=0) -> np.ndarray:
    """Output channel ``c * c_M + m`` is input channel ``c`` correlated with ``W[m, c]``."""
    c_m, c_i = W.shape[:2]
    parts = [convolution(x[:, c:c + 1], W[m:m + 1, c:c + 1], None, stride, pad)
             for c in range(c_i) for m in range(c_m)]
    y = np.concatenate(parts, axis=1)
    return y if b is None else y + b.reshape(1, -1, 1, 1)


def deconvolution(x: np.ndarray, W: np.ndarray, b: np.ndarray | None = None, stride=1, pad=0,
                  outsize=None, dilate=1, groups: int = 1) -> np.ndarray:
    """N-d transposed convolution by a loop over input positions: each ``x[n, c, q]`` adds
    ``x[n, c, q] W[c, o, k]`` to ``y[n, o, q*s - pad + k*d]`` (kept where inside ``y``)."""
    ksize = W.shape[2:]
    s, p, d = _windows(stride, pad, dilate, ksize)
    size = x.shape[2:]
    if outsize is None:
        outsize = tuple(si * (n - 1) + di * (k - 1) + 1 - 2 * pi
                        for n, k, si, pi, di in zip(size, ksize, s, p, d, strict=True))
    c_in = x.shape[1]
    gi, go = c_in // groups, W.shape[1]
    y = np.zeros((x.shape[0], go * groups, *outsize))
    for q, k, at in _taps(size, ksize, s, p, d, outsize):
        for g in range(groups):
            v = x[(slice(None), slice(g * gi, (g + 1) * gi), *q)]
            w = W[(slice(g * gi, (g + 1) * gi), slice(None), *k)]
            y[(slice(None), slice(g * go, (g + 1) * go), *at)] += v @ w
    if b is not None:
        y += b.reshape((1, -1) + (1,) * len(outsize))
    return y


def im2col(x: np.ndarray, ksize, stride=1, pad=0, cover_all: bool = False,
           dilate=1) -> np.ndarray:
    """Channel ``(c * kh + i) * kw + j`` at ``(oy, ox)``: ``x[:, c, oy*sy - ph + i*dy,
    ox*sx - pw + j*dx]``, 0 outside."""
    (kh, kw) = _tuple(ksize, 2)
    (sy, sx), (ph, pw), (dy, dx) = _windows(stride, pad, dilate, (kh, kw))
    n, c, h, w = x.shape
    oh = (h + 2 * ph - (dy * (kh - 1) + 1) + (sy - 1 if cover_all else 0)) // sy + 1
    ow = (w + 2 * pw - (dx * (kw - 1) + 1) + (sx - 1 if cover_all else 0)) // sx + 1
    y = np.zeros((n, c * kh * kw, oh, ow))
    for ci, i, j, oy, ox in itertools.product(range(c), range(kh), range(kw), range(oh),
                                              range(ow)):
        iy, ix = oy * sy - ph + i * dy, ox * sx - pw + j * dx
        if 0 <= iy < h and 0 <= ix < w:
            y[:, (ci * kh + i) * kw + j, oy, ox] = x[:, ci, iy, ix]
    return y


def embed_id(ids: np.ndarray, W: np.ndarray, ignore_label: int | None = None) -> np.ndarray:
    """Row ``W[id]`` for each id; zeros for ``ignore_label``."""
    y = np.zeros(ids.shape + W.shape[1:])
    for at in np.ndindex(*ids.shape):
        if ids[at] != ignore_label:
            y[at] = W[ids[at]]
    return y


def bilinear(e1: np.ndarray, e2: np.ndarray, W: np.ndarray, V1: np.ndarray | None = None,
             V2: np.ndarray | None = None, b: np.ndarray | None = None) -> np.ndarray:
    """``y[n, l] = sum_jk e1[n, j] e2[n, k] W[j, k, l] (+ e1 V1 + e2 V2 + b)``, ``e1`` and
    ``e2`` flattened to (batch, -1)."""
    e1, e2 = e1.reshape(len(e1), -1), e2.reshape(len(e2), -1)
    y = np.zeros((len(e1), W.shape[2]))
    for n, j, k in itertools.product(range(len(e1)), range(W.shape[0]), range(W.shape[1])):
        y[n] += e1[n, j] * e2[n, k] * W[j, k]
    if V1 is not None:
        y += e1 @ V1 + e2 @ V2 + b
    return y


# -- losses ----------------------------------------------------------------------------------
def softmax_cross_entropy(x: np.ndarray, t: np.ndarray, normalize: bool = True,
                          class_weight: np.ndarray | None = None, ignore_label: int = -1,
                          reduce: str = "mean",
                          soft_target_loss: str = "cross-entropy") -> np.ndarray:
    """Chainer's definition. Hard labels: ``-w[t] log softmax(x)[t]`` per instance (0 where
    ``t == ignore_label``), a mean over the labels kept (``normalize``) or over ``N``.
    Soft targets: ``-sum_c t log softmax(x)`` (or the KL divergence ``sum_c t (log t - log
    softmax(x))``) per distribution, a mean over the distributions."""
    log_p = log_softmax(x, axis=1)
    if np.issubdtype(t.dtype, np.floating):
        loss = (t * (np.log(t) - log_p) if soft_target_loss == "kl-divergence"
                else -t * log_p).sum(axis=1)
        return loss if reduce == "no" else np.array(loss.mean())
    loss = np.zeros(t.shape)
    for at in np.ndindex(*t.shape):
        label = int(t[at])
        if label != ignore_label:
            weight = 1.0 if class_weight is None else class_weight[label]
            loss[at] = -weight * log_p[(at[0], label, *at[1:])]
    if reduce == "no":
        return loss
    count = int((t != ignore_label).sum()) if normalize else len(x)
    return np.array(loss.sum() / max(count, 1))


def sigmoid_cross_entropy(x: np.ndarray, t: np.ndarray, reduce: str = "mean") -> np.ndarray:
    """``-(t log sigmoid(x) + (1 - t) log(1 - sigmoid(x)))``, 0 where ``t == -1``; the mean
    over the labels kept."""
    kept = t != -1
    loss = np.where(kept, t * np.logaddexp(0, -x) + (1 - t) * np.logaddexp(0, x), 0.0)
    return loss if reduce == "no" else np.array(loss.sum() / max(kept.sum(), 1))


def hinge(x: np.ndarray, t: np.ndarray) -> np.ndarray:
    """L1 one-vs-all hinge, summed and divided by ``N``."""
    total = 0.0
    for i, k in itertools.product(range(x.shape[0]), range(x.shape[1])):
        total += max(0.0, 1 - x[i, k]) if k == t[i] else max(0.0, 1 + x[i, k])
    return np.array(total / len(x))


def huber_loss(x: np.ndarray, t: np.ndarray, delta: float) -> np.ndarray:
    """``d**2 / 2`` for ``|d| <= delta``, else ``delta (|d| - delta / 2)``; summed over axis 1."""
    d = np.abs(x - t)
    return np.where(d <= delta, d * d / 2, delta * (d - delta / 2)).sum(axis=1)


def gaussian_kl_divergence(mean: np.ndarray, ln_var: np.ndarray) -> np.ndarray:
    return np.array(((mean ** 2 + np.exp(ln_var) - ln_var - 1) / 2).sum())


def gaussian_nll(x: np.ndarray, mean: np.ndarray, ln_var: np.ndarray) -> np.ndarray:
    """Elementwise ``-log N(x; mean, exp(ln_var))``."""
    var = np.exp(ln_var)
    return np.log(2 * math.pi * var) / 2 + (x - mean) ** 2 / (2 * var)


def bernoulli_nll(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """``-sum(x log p + (1 - x) log(1 - p))``, ``p = sigmoid(y)``."""
    p = expit(y)
    return np.array(-(x * np.log(p) + (1 - x) * np.log1p(-p)).sum())


# -- pooling ---------------------------------------------------------------------------------
def _pooled(x: np.ndarray, ksize, stride, pad, cover_all: bool, reduce) -> np.ndarray:
    """``reduce(values inside x, window size)`` for each window ``o*s - p + k``,
    ``k < ksize``; windows number ``(d + 2p - k (+ s - 1 with cover_all)) // s + 1``."""
    nd = x.ndim - 2
    k, s, p = _tuple(ksize, nd), _tuple(ksize if stride is None else stride, nd), _tuple(pad, nd)
    size = x.shape[2:]
    out = tuple((n + 2 * pi - ki + (si - 1 if cover_all else 0)) // si + 1
                for n, ki, si, pi in zip(size, k, s, p, strict=True))
    y = np.empty(x.shape[:2] + out)
    for o in itertools.product(*map(range, out)):
        values = []
        for kk in itertools.product(*map(range, k)):
            at = tuple(oi * si - pi + ki for oi, si, pi, ki in zip(o, s, p, kk, strict=True))
            if all(0 <= a < n for a, n in zip(at, size, strict=True)):
                values.append(x[(slice(None), slice(None), *at)])
        y[(slice(None), slice(None), *o)] = reduce(np.stack(values, axis=-1), math.prod(k))
    return y


def max_pooling(x: np.ndarray, ksize, stride=None, pad=0, cover_all: bool = True) -> np.ndarray:
    """The largest element of each window inside ``x`` (padding never wins)."""
    return _pooled(x, ksize, stride, pad, cover_all, lambda v, n: v.max(axis=-1))


def average_pooling(x: np.ndarray, ksize, stride=None, pad=0, pad_value=0) -> np.ndarray:
    """Each window's sum over ``ksize`` elements (padding counts as 0), or with
    ``pad_value=None`` its mean over the elements inside ``x``."""
    if pad_value is None:
        return _pooled(x, ksize, stride, pad, False, lambda v, n: v.mean(axis=-1))
    return _pooled(x, ksize, stride, pad, False, lambda v, n: v.sum(axis=-1) / n)


def unpooling_2d(x: np.ndarray, ksize, stride=None, pad=0, outsize=None,
                 cover_all: bool = True, indexes: np.ndarray | None = None) -> np.ndarray:
    """Each ``x[..., q]`` added to every position ``q*s - p + k`` of its window (or, given
    ``indexes``, only to the window's flat offset ``indexes[..., q]``: upsampling_2d)."""
    (kh, kw), (sy, sx), (py, px) = (_tuple(ksize, 2), _tuple(ksize if stride is None else stride,
                                                             2), _tuple(pad, 2))
    h, w = x.shape[2:]
    if outsize is None:
        less = (sy - 1, sx - 1) if cover_all else (0, 0)
        outsize = (sy * (h - 1) + kh - 2 * py - less[0], sx * (w - 1) + kw - 2 * px - less[1])
    y = np.zeros(x.shape[:2] + tuple(outsize))
    for n, c, qy, qx, i, j in itertools.product(*map(range, x.shape), range(kh), range(kw)):
        if indexes is not None and indexes[n, c, qy, qx] != i * kw + j:
            continue
        oy, ox = qy * sy - py + i, qx * sx - px + j
        if 0 <= oy < outsize[0] and 0 <= ox < outsize[1]:
            y[n, c, oy, ox] += x[n, c, qy, qx]
    return y


# -- normalization ---------------------------------------------------------------------------
def _param(p: np.ndarray, x: np.ndarray, axes: tuple[int, ...]) -> np.ndarray:
    """A per-channel parameter shaped to broadcast against ``x`` (the ``axes`` reduced)."""
    return p.reshape(tuple(1 if i in axes else n for i, n in enumerate(x.shape)))


def batch_normalization(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float = 2e-5,
                        axis=None) -> np.ndarray:
    """``gamma (x - mean) / sqrt(var + eps) + beta``, the batch's mean and (biased) variance
    over ``axis`` (default: every axis but 1)."""
    axes = tuple(i for i in range(x.ndim) if i != 1) if axis is None else _tuple(axis, 1)
    mean = x.mean(axis=axes, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=axes, keepdims=True)
    return _param(gamma, x, axes) * (x - mean) / np.sqrt(var + eps) + _param(beta, x, axes)


def fixed_batch_normalization(x, gamma, beta, mean, var, eps: float = 2e-5) -> np.ndarray:
    axes = tuple(i for i in range(x.ndim) if i != 1)
    g, b, m, v = (_param(p, x, axes) for p in (gamma, beta, mean, var))
    return g * (x - m) / np.sqrt(v + eps) + b


def batch_renormalization(x, gamma, beta, rmax: float, dmax: float, running_mean, running_var,
                          eps: float = 2e-5) -> np.ndarray:
    """``gamma (x_hat r + d) + beta``: ``x_hat`` standardized with the batch's mean and
    ``sigma = sqrt(var + eps)``, ``r = clip(sigma / sigma_run, 1/rmax, rmax)``,
    ``d = clip((mean - running_mean) / sigma_run, -dmax, dmax)``."""
    axes = tuple(i for i in range(x.ndim) if i != 1)
    mean = x.mean(axis=axes, keepdims=True)
    sigma = np.sqrt(((x - mean) ** 2).mean(axis=axes, keepdims=True) + eps)
    sigma_run = np.sqrt(_param(running_var, x, axes) + eps)
    r = np.clip(sigma / sigma_run, 1 / rmax, rmax)
    d = np.clip((mean - _param(running_mean, x, axes)) / sigma_run, -dmax, dmax)
    return _param(gamma, x, axes) * ((x - mean) / sigma * r + d) + _param(beta, x, axes)


def layer_normalization(x, gamma, beta, eps: float = 1e-5) -> np.ndarray:
    """Each row of ``(B, C)`` standardized over its ``C`` values."""
    mean = x.mean(axis=1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=1, keepdims=True)
    return gamma * (x - mean) / np.sqrt(var + eps) + beta


def group_normalization(x, groups: int, gamma, beta, eps: float = 1e-5) -> np.ndarray:
    """Each sample's channels split in ``groups``, each group standardized over its values."""
    y = np.empty_like(x)
    per = x.shape[1] // groups
    for n, g in itertools.product(range(x.shape[0]), range(groups)):
        part = x[n, g * per:(g + 1) * per]
        y[n, g * per:(g + 1) * per] = (part - part.mean()) / np.sqrt(part.var() + eps)
    return y * _param(gamma, x, (0, *range(2, x.ndim))) + _param(beta, x, (0, *range(2, x.ndim)))


def normalize(x: np.ndarray, eps: float = 1e-5, axis=1) -> np.ndarray:
    return x / (np.sqrt((x * x).sum(axis=axis, keepdims=True)) + eps)


def local_response_normalization(x: np.ndarray, n: int = 5, k: float = 2, alpha: float = 1e-4,
                                 beta: float = 0.75) -> np.ndarray:
    """``y_c = x_c / (k + alpha sum_{|j - c| <= n // 2} x_j**2) ** beta`` along axis 1."""
    y = np.empty_like(x)
    channels = x.shape[1]
    for c in range(channels):
        near = range(max(0, c - n // 2), min(channels, c + n // 2 + 1))
        y[:, c] = x[:, c] / (k + alpha * sum(x[:, j] ** 2 for j in near)) ** beta
    return y


# -- recurrent -------------------------------------------------------------------------------
def _gates(x: np.ndarray) -> list[np.ndarray]:
    """Chainer's interleaved layout: column ``4 j + k`` is gate ``k`` (a, i, f, o) of unit j."""
    return [x[:, k::4] for k in range(4)]


def lstm(c_prev: np.ndarray, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``c = tanh(a) sigmoid(i) + sigmoid(f) c_prev``, ``h = sigmoid(o) tanh(c)`` for the
    first ``len(x)`` rows; the other rows of ``c_prev`` pass to ``c`` unchanged."""
    a, i, f, o = _gates(x)
    top = np.tanh(a) * expit(i) + expit(f) * c_prev[:len(x)]
    return np.concatenate([top, c_prev[len(x):]]), expit(o) * np.tanh(top)


def slstm(c1: np.ndarray, c2: np.ndarray, x1: np.ndarray,
          x2: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``c = tanh(a1) sigmoid(i1) + tanh(a2) sigmoid(i2) + sigmoid(f1) c1 + sigmoid(f2) c2``,
    ``h = sigmoid(o1 + o2) tanh(c)`` (what Chainer's code computes)."""
    (a1, i1, f1, o1), (a2, i2, f2, o2) = _gates(x1), _gates(x2)
    c = np.tanh(a1) * expit(i1) + np.tanh(a2) * expit(i2) + expit(f1) * c1 + expit(f2) * c2
    return c, expit(o1 + o2) * np.tanh(c)


def tree_lstm(*inputs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Blocks ``a, i, o, f_1..f_N`` of ``x``: ``c = tanh(a) sigmoid(i) + sum sigmoid(f_n) c_n``,
    ``h = sigmoid(o) tanh(c)``."""
    *cs, x = inputs
    a, i, o, *fs = np.split(x, 3 + len(cs), axis=1)
    c = np.tanh(a) * expit(i)
    for f, child in zip(fs, cs, strict=True):
        c = c + expit(f) * child
    return c, expit(o) * np.tanh(c)


def _cell(kind: str, x, h, c, w, b, activation: str):
    """One step of an n_step_* layer: the new ``(h, c)`` (``c`` None but for LSTMs)."""
    def lin(j):
        return x @ w[j].T + b[j]

    def rec(j):
        return h @ w[j].T + b[j]

    if kind == "lstm":
        i, f = expit(lin(0) + rec(4)), expit(lin(1) + rec(5))
        a, o = np.tanh(lin(2) + rec(6)), expit(lin(3) + rec(7))
        c = f * c + i * a
        return o * np.tanh(c), c
    if kind == "gru":
        r, z = expit(lin(0) + rec(3)), expit(lin(1) + rec(4))
        return (1 - z) * np.tanh(lin(2) + r * rec(5)) + z * h, None
    pre = lin(0) + rec(1)
    return (np.maximum(pre, 0) if activation == "relu" else np.tanh(pre)), None


def n_step(kind: str, n_layers: int, hx, cx, ws, bs, xs, directions: int = 1,
           activation: str = "tanh"):
    """Chainer's n_step_{lstm,gru,rnn} (and bi-) without dropout: a Python loop over layers,
    directions and time. ``xs[t]`` holds the sequences at least ``t + 1`` long (batch
    sizes not increasing); a sequence's state stops at its last step (its first, going
    backward). Returns ``(hy, cy, ys)``, ``cy`` None but for LSTMs."""
    hy = np.array(hx, dtype=float)
    cy = None if cx is None else np.array(cx, dtype=float)
    inputs = list(xs)
    for layer in range(n_layers):
        outs = [[None] * len(inputs) for _ in range(directions)]
        for d in range(directions):
            k = layer * directions + d
            steps = range(len(inputs)) if d == 0 else reversed(range(len(inputs)))
            for t in steps:
                n = len(inputs[t])
                h, c = _cell(kind, inputs[t], hy[k, :n], None if cy is None else cy[k, :n],
                             ws[k], bs[k], activation)
                hy[k, :n] = h
                if cy is not None:
                    cy[k, :n] = c
                outs[d][t] = h
        inputs = [np.concatenate([outs[d][t] for d in range(directions)], axis=1)
                  for t in range(len(inputs))]
    return hy, cy, inputs


# -- NLP losses ------------------------------------------------------------------------------
def negative_sampling(x, t, W, negatives, reduce: str = "sum") -> np.ndarray:
    """Per row ``-log sigmoid(W[t] . x) - sum_s log sigmoid(-W[s] . x)`` over the row's
    negative words ``s``; 0 for ``t == -1``. Summed, or per row with ``reduce='no'``."""
    loss = np.zeros(len(x))
    for i in range(len(x)):
        if t[i] != -1:
            loss[i] = -np.log(expit(W[t[i]] @ x[i])) - sum(np.log(expit(-W[s] @ x[i]))
                                                            for s in negatives[i])
    return np.array(loss.sum()) if reduce == "sum" else loss


def black_out(x, t, W, samples, reduce: str = "mean") -> np.ndarray:
    """``-log p_t - sum_s log(1 - p_s)``, ``p`` the softmax over the scores ``W[w] . x`` of
    the target and the row's sampled words; averaged over the rows."""
    loss = np.zeros(len(x))
    for i in range(len(x)):
        scores = np.array([W[t[i]] @ x[i]] + [W[s] @ x[i] for s in samples[i]])
        p = np.exp(scores - logsumexp(scores))
        loss[i] = -np.log(p[0]) - np.log(1 - p[1:]).sum()
    return np.array(loss.mean()) if reduce == "mean" else loss


def _crf_sequences(xs: Sequence[np.ndarray]) -> list[list[np.ndarray]]:
    """The unary scores of each sequence: sequence ``b`` is ``xs[t][b]`` for the steps
    with more than ``b`` rows."""
    return [[x[b] for x in xs if len(x) > b] for b in range(len(xs[0]))]


def _path_score(cost, unary: list[np.ndarray], path: Sequence[int]) -> float:
    return sum(u[p] for u, p in zip(unary, path, strict=True)) + sum(
        cost[a, b] for a, b in itertools.pairwise(path))


def crf1d(cost, xs: Sequence[np.ndarray], ys: Sequence[np.ndarray]) -> np.ndarray:
    """Per sequence ``log Z - score(ys)``, ``Z`` summed over every label path by
    enumeration (no forward algorithm)."""
    loss = []
    for b, unary in enumerate(_crf_sequences(xs)):
        paths = itertools.product(range(cost.shape[0]), repeat=len(unary))
        log_z = logsumexp([_path_score(cost, unary, p) for p in paths])
        loss.append(log_z - _path_score(cost, unary, [int(y[b]) for y in ys[:len(unary)]]))
    return np.array(loss)


def argmax_crf1d_score(cost, xs: Sequence[np.ndarray]) -> np.ndarray:
    """Per sequence the best path's score, by enumerating every path (no Viterbi)."""
    return np.array([max(_path_score(cost, unary, p) for p in
                         itertools.product(range(cost.shape[0]), repeat=len(unary)))
                     for unary in _crf_sequences(xs)])
