"""Local (locally connected) convolution: a convolution whose filters differ at every output
position."""

from __future__ import annotations

from typing import Any

from ... import backends
from ...errors import expect_float, expect_same_dtype, fail
from ...variable import Variable
from ..array._args import array_arg
from ..array._windows import image_arg, window
from ..array.im2col import windows
from ..array.reshape import reshape
from ..array.transpose import transpose
from ..math.matmul import matmul


def local_convolution_2d(x: Variable | Any, W: Variable | Any, b: Variable | Any = None,
                         stride: Any = 1) -> Variable:
    """Two-dimensional convolution with unshared weights, as Chainer's.

    ``y[n, o, i, j] = sum W[i, j, o, c, p, q] * x[n, c, i * sy + p, j * sx + q] + b[o, i, j]``
    (no padding). A composite of the differentiable windows (``im2col``'s node) and a
    batched ``matmul`` over output positions, so it has no backward of its own.

    Args:
        x: inputs (n, c_I, h, w).
        W: filters (h_O, w_O, c_O, c_I, k_H, k_W), one set per output position; the
            windows start at the top left, so ``(h_O - 1) * sy + k_H <= h``.
        b: biases (c_O, h_O, w_O), or None.
        stride: an int or a pair.

    Returns:
        (n, c_O, h_O, w_O).

    >>> import numpy as np, flexgrad.functions as F
    >>> x, W = np.arange(4.0).reshape(1, 1, 1, 4), np.ones((1, 3, 1, 1, 1, 2))
    >>> F.local_convolution_2d(x, W).array
    array([[[[1., 3., 5.]]]])
    """
    fn = "local_convolution_2d"
    xd = image_arg(fn, "x", x, 2)
    Wd = array_arg(fn, "W", W)
    expect_float(fn, "x", xd, backends.backend_of(xd))
    named = {"x": xd, "W": Wd} if b is None else {"x": xd, "W": Wd, "b": array_arg(fn, "b", b)}
    expect_same_dtype(fn, list(named), list(named.values()))
    if Wd.ndim != 6 or Wd.shape[3] != xd.shape[1] or min(Wd.shape) < 1:
        fail(fn, "W", f"a 6-d array (h_O, w_O, c_O, c_I={xd.shape[1]}, k_H, k_W)", Wd)
    out_h, out_w, c_out, c_in, kh, kw = Wd.shape
    if b is not None and tuple(named["b"].shape) != (c_out, out_h, out_w):
        fail(fn, "b", f"shape ({c_out}, {out_h}, {out_w}) (c_O, h_O, w_O) of W", named["b"])
    win = window(fn, 2, (kh, kw), stride, 0)
    fits = win.count(tuple(xd.shape[2:]), False)
    if out_h > fits[0] or out_w > fits[1]:
        fail(fn, "W", f"at most {fits} output positions (h_O, w_O) for kernel {(kh, kw)} "
             f"and stride {win.stride} on inputs of spatial shape {tuple(xd.shape[2:])}", Wd)
    n, positions, features = xd.shape[0], out_h * out_w, c_in * kh * kw
    cols = reshape(windows(x, win, (out_h, out_w)), (n, features, positions))
    filters = reshape(W, (positions, c_out, features))
    y = matmul(transpose(cols, (2, 0, 1)), filters, transb=True)  # (positions, n, c_O)
    y = reshape(transpose(y, (1, 2, 0)), (n, c_out, out_h, out_w))
    return y if b is None else y + b
