"""Op table rows: the functions ported from Chainer for issue 13, part A (special
functions, linear algebra, fft, array helpers, activations, losses, evaluation)."""

from __future__ import annotations

import numpy as np
import op_refs as R
from hypothesis import strategies as st
from op_cases_loss import labelled
from op_cases_normalization import _with_params
from op_table import ANY, POSITIVE, Arg, broadcast, fixed, kinked, same
from op_table import OpCase as C
from scipy import special

import flexgrad.functions as F
from flexgrad.utils import CooMatrix

ORDER = Arg(0, 2, kind="int")
# interleaved grids: rows of x0 - x1 are never 0 (its kink) and never at distance 1 (the
# margin's): a sum of up to 3 squares of odd multiples of 0.05 is never 1
EVEN, ODD = Arg(grid=0.1), Arg(grid=0.1, offset=0.05)
SMALL = Arg(-1.0, 1.0)
SQUARE = st.integers(1, 3).map(lambda n: ((n, n),))
SQUARES = st.tuples(st.integers(1, 3), st.integers(1, 3)).map(lambda bn: ((bn[0], *bn[1:] * 2),))


def _sent(x, array):
    """A NumPy constant sent to ``x``'s backend and device in ``x``'s dtype (no float64
    array on the way for float32 ``x``)."""
    return x.device.send(np.asarray(array, dtype=str(x.dtype).rsplit(".", 1)[-1]))


def _shifted(x):
    """``x`` (square matrices, entries in [-1, 1]) plus 3 I: well conditioned."""
    return x + _sent(x, 3.0 * np.eye(x.shape[-1]))


def _spd(x):
    """``x x^T + I``: symmetric positive definite."""
    return F.matmul(x, x, transb=True) + _sent(x, np.eye(x.shape[-1]))


def _ref_spd(x):
    return x @ np.swapaxes(x, -1, -2) + np.eye(x.shape[-1])


def _ref_fft(transform):
    def ref(real, imag):
        z = transform(real + 1j * imag, axis=-1)
        return z.real, z.imag

    return ref

SPECIAL = [
    C("erfinv", same(), (Arg(-0.9, 0.9),), ref=special.erfinv),
    C("erfcinv", same(), (Arg(0.1, 1.9),), ref=special.erfcinv),
    C("erfcx", same(), ref=special.erfcx),
    C("ndtr", same(), ref=special.ndtr),
    C("log_ndtr", same(), (Arg(-6.0, 3.0),), ref=special.log_ndtr),
    C("ndtri", same(), (Arg(0.05, 0.95),), ref=special.ndtri),
    C("polygamma", same(2), (ORDER, Arg(0.3, 4.0)), tag="n per element",
      ref=lambda n, x: special.polygamma(n, x)),
    C("zeta", same(), (Arg(0.5, 3.0),), func=lambda q: F.zeta(2.5, q), tag="x=2.5",
      ref=lambda q: special.zeta(2.5, q)),
]

LINALG = [
    C("det", SQUARE, (SMALL,), func=lambda a: F.det(_shifted(a)),
      ref=lambda a: np.asarray(np.linalg.det(a + 3.0 * np.eye(a.shape[-1])))),
    C("batch_det", SQUARES, (SMALL,), func=lambda a: F.batch_det(_shifted(a)),
      ref=lambda a: np.linalg.det(a + 3.0 * np.eye(a.shape[-1]))),
    C("inv", SQUARE, (SMALL,), func=lambda a: F.inv(_shifted(a)),
      ref=lambda a: np.linalg.inv(a + 3.0 * np.eye(a.shape[-1]))),
    C("batch_inv", SQUARES, (SMALL,), func=lambda a: F.batch_inv(_shifted(a)),
      ref=lambda a: np.linalg.inv(a + 3.0 * np.eye(a.shape[-1]))),
    C("cholesky", SQUARE, (ANY,), func=lambda a: F.cholesky(_spd(a)),
      ref=lambda a: np.linalg.cholesky(_ref_spd(a))),
]

FFT = [
    C("fft", same(2, min_dims=1), func=lambda r, i: F.fft((r, i)), ref=_ref_fft(np.fft.fft)),
    C("ifft", same(2, min_dims=1), func=lambda r, i: F.ifft((r, i)),
      ref=_ref_fft(np.fft.ifft)),
]

def _ref_shift(x, ksize=3, dilate=1):
    """Chainer's shift, pixel by pixel: channel ``ch`` of group ``g`` reads ``x`` at
    ``(row - ky * dy, col - kx * dx)`` for window position ``g`` (centre and last swapped)."""
    kh, kw = (ksize, ksize) if isinstance(ksize, int) else ksize
    dy, dx = (dilate, dilate) if isinstance(dilate, int) else dilate
    n, c, h, w = x.shape
    groups = kh * kw
    y = np.zeros_like(x)
    for ch in range(c):
        g = min(ch // (c // groups), groups - 1)
        g = {(groups - 1) // 2: groups - 1, groups - 1: (groups - 1) // 2}.get(g, g)
        ky, kx = g // kw - kh // 2, g % kw - kw // 2
        for row in range(h):
            for col in range(w):
                r, q = row - ky * dy, col - kx * dx
                if 0 <= r < h and 0 <= q < w:
                    y[:, ch, row, col] = x[:, ch, r, q]
    return y


ARRAYS = [
    C("squared_difference", same(2), ref=lambda a, b: (a - b) ** 2),
    C("fix", same(), (kinked(-2.0, -1.0, 0.0, 1.0, 2.0),), ref=np.fix),
    C("flipud", same(min_dims=1), ref=np.flipud),
    C("fliplr", same(min_dims=2), ref=np.fliplr),
    C("broadcast", broadcast(3), func=lambda *xs: F.broadcast(*xs),
      ref=lambda *xs: tuple(np.broadcast_arrays(*xs))),
    C("as_strided", fixed((2, 3)), func=lambda x: F.as_strided(x, (3, 3), (1, 1), 1),
      tag="overlapping windows",
      ref=lambda x: np.lib.stride_tricks.sliding_window_view(x.ravel()[1:], 3)),
    C("shift", st.sampled_from([((2, 9, 3, 4),), ((1, 11, 4, 3),)]), ref=_ref_shift),
    C("shift", fixed((1, 10, 5, 6)), kw={"ksize": (3, 1), "dilate": (2, -1)},
      ref=lambda x: _ref_shift(x, (3, 1), (2, -1))),
]

def _slopes(x):
    """Fixed rrelu slopes in [1/8, 1/3) for ``x``'s shape, on ``x``'s backend."""
    return _sent(x, _host_slopes(x))


def _host_slopes(x):
    return np.random.default_rng(0).uniform(1 / 8, 1 / 3, tuple(x.shape))


@st.composite
def _rows(draw, *widths):
    """Shapes (N, K_i) with one N: K_i drawn where ``widths`` has None, else given."""
    n = draw(st.integers(1, 4))
    return tuple((n, w if w is not None else draw(st.integers(1, 3))) for w in widths)


def _ref_contrastive(x0, x1, y, margin=1.0):
    d = np.sqrt(np.sum((x0 - x1) ** 2, axis=1))
    loss = np.where(y == 1, d**2, np.maximum(margin - d, 0) ** 2) / 2
    return np.asarray(np.sum(loss) / len(loss))


def _ref_triplet(a, p, n, margin=0.2):
    gap = np.sum((a - p) ** 2, axis=1) - np.sum((a - n) ** 2, axis=1) + margin
    return np.asarray(np.mean(np.maximum(gap, 0)))


def _ref_covariance(y, z):
    return (y - y.mean(axis=0)).T @ (z - z.mean(axis=0)) / len(y)


def _ref_decov(h, reduce="half_squared_sum"):
    c = _ref_covariance(h, h)
    np.fill_diagonal(c, 0.0)
    return c if reduce == "no" else np.asarray(np.sum(c**2) / 2)


ACTIVATIONS = [
    C("crelu", same(min_dims=2), (kinked(0.0),),
      ref=lambda x: np.concatenate([np.maximum(x, 0), np.maximum(-x, 0)], axis=1)),
    C("rrelu", same(), (kinked(0.0),), func=lambda x: F.rrelu(x, r=_slopes(x)),
      tag="fixed slopes", ref=lambda x: np.where(x >= 0, x, x * _host_slopes(x))),
]

LOSSES = [
    C("contrastive", _rows(None, None, None).map(lambda s: (s[0], s[0], s[0][:1])),
      (EVEN, ODD, Arg(0, 1, kind="int")), ref=_ref_contrastive),
    C("triplet", same(3, min_dims=2, max_dims=2), ref=_ref_triplet),
    C("cross_covariance", _rows(None, None),
      ref=lambda y, z: np.asarray(np.sum(_ref_covariance(y, z) ** 2) / 2)),
    C("decov", same(min_dims=2, max_dims=2), ref=_ref_decov),
]

def _ref_summary(y, t, label_num=3, beta=1.0, ignore_label=-1):
    """Counted instance by instance; 0 / 0 is NaN."""
    tp, predicted, support = (np.zeros(label_num) for _ in range(3))
    pred = np.argmax(y, axis=1)
    for index in np.ndindex(t.shape):
        if t[index] == ignore_label:
            continue
        support[t[index]] += 1
        predicted[pred[index]] += 1
        tp[t[index]] += pred[index] == t[index]
    with np.errstate(invalid="ignore", divide="ignore"):
        p, r = tp / predicted, tp / support
        f = (1 + beta**2) * p * r / (beta**2 * p + r)
    return p, r, f, support.astype(t.dtype)


METRIC = {"grad": "not differentiable (evaluation metric)",
          "double": "not differentiable (evaluation metric)"}
SCORES = (Arg(grid=0.01, unique=True), Arg(kind="int", low=0, high=2))


def _first_right(y, t):
    """``y`` (N, 3, ...) with instance 0 scored right by a margin of 10, so some class
    has a true positive and no output is NaN throughout (ignore_label: by example)."""
    backend = t.device.backend
    hot = backend.xp.moveaxis(backend.one_hot(t.array, 3, y.dtype), -1, 1)
    first = np.zeros((y.shape[0],) + (1,) * (y.ndim - 1))
    first[0] = 10.0
    return y + hot * _sent(y, first)


def _ref_first_right(y, t):
    hot = np.moveaxis(np.eye(3)[t], -1, 1)
    hot[1:] = 0
    return y + 10.0 * hot


def _summary_row(name, kw, pick):
    beta = kw.get("beta", 1.0)
    return C(name, labelled((3, 3)), SCORES, kw={"label_num": 3, **kw},
             func=lambda y, t: getattr(F, name)(_first_right(y, t), t, label_num=3, **kw),
             gaps=METRIC, keeps_dtype=False,
             ref=lambda y, t: pick(_ref_summary(_ref_first_right(y, t), t, beta=beta)))


EVALUATION = [
    _summary_row("classification_summary", {"beta": 2.0}, lambda out: out),
    _summary_row("precision", {}, lambda out: out[::3]),
    _summary_row("recall", {}, lambda out: out[1::2]),
    _summary_row("f1_score", {}, lambda out: out[2:]),
    _summary_row("fbeta_score", {"beta": 0.5}, lambda out: out[2:]),
]

# a (3, 4) pattern with a repeated position (its values add up), and a batch of two with
# one padding entry (row = col = -1)
ROW, COL = [0, 2, 1, 2, 0], [1, 3, 0, 3, 0]
BATCH_ROW, BATCH_COL = [[0, 1, 2, 2], [1, 0, 2, -1]], [[3, 0, 1, 2], [1, 1, 0, -1]]


def _coo(data, row, col):
    send = data.device.send
    return CooMatrix(data, send(np.asarray(row, dtype=np.int32)),
                     send(np.asarray(col, dtype=np.int32)), (3, 4))


def _ref_dense(data, row, col):
    data, row, col = (np.reshape(a, (-1, np.shape(a)[-1])) for a in (data, row, col))
    dense = np.zeros((len(data), 3, 4))
    for i in range(len(data)):
        real = row[i] >= 0
        np.add.at(dense[i], (row[i][real], col[i][real]), data[i][real])
    return dense


SPARSE = [
    C("sparse_matmul", fixed((5,), (4, 2)), func=lambda d, b: F.sparse_matmul(
        _coo(d, ROW, COL), b), ref=lambda d, b: _ref_dense(d, ROW, COL)[0] @ b),
    C("sparse_matmul", fixed((5,), (4, 2)), tag="dense @ sparse, transa, transb",
      func=lambda d, a: F.sparse_matmul(a, _coo(d, ROW, COL), transa=True, transb=True),
      ref=lambda d, a: a.T @ _ref_dense(d, ROW, COL)[0].T),
    C("sparse_matmul", fixed((2, 4), (2, 4, 2)), tag="batched, padded",
      func=lambda d, b: F.sparse_matmul(_coo(d, BATCH_ROW, BATCH_COL), b),
      ref=lambda d, b: _ref_dense(d, BATCH_ROW, BATCH_COL) @ b),
]

NORMALIZATION = [
    C("fixed_batch_renormalization", _with_params(rest=1, n_params=4),
      (ANY, ANY, ANY, ANY, POSITIVE), ref=R.fixed_batch_normalization),
]

CASES = (SPECIAL + LINALG + FFT + ARRAYS + ACTIVATIONS + LOSSES + EVALUATION + SPARSE
         + NORMALIZATION)
