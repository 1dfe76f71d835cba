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
from scipy.special import expit, log_softmax


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
    for o in itertools.product(*map(range, out)):
        for k in itertools.product(*map(range, ksize)):
            at = tuple(oi * si - pi + ki * di for oi, ki, si, pi, di in zip(o, k, s, p, d,
                                                                            strict=True))
            if not all(0 <= a < n for a, n in zip(at, size, strict=True)):
                continue
            for g in range(groups):
                patch = x[(slice(None), slice(g * gi, (g + 1) * gi), *at)]
                w = W[(slice(g * go, (g + 1) * go), slice(None), *k)]
                y[(slice(None), slice(g * go, (g + 1) * go), *o)] += patch @ w.T
    if b is not None:
        y += b.reshape((1, -1) + (1,) * len(out))
    return y


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
    for q in itertools.product(*map(range, size)):
        for k in itertools.product(*map(range, ksize)):
            at = tuple(qi * si - pi + ki * di for qi, ki, si, pi, di in zip(q, k, s, p, d,
                                                                            strict=True))
            if not all(0 <= a < n for a, n in zip(at, outsize, strict=True)):
                continue
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
