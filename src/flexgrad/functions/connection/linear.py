"""The fully connected layer's function: ``y = x W^T + b``."""

from __future__ import annotations

from math import prod
from typing import Any

from ... import backends
from ...errors import expect_float, expect_same_dtype, fail
from ...function_node import FunctionNode
from ...variable import Variable
from ..array._args import array_arg, is_int
from ..array.reshape import reshape
from ..math.matmul import MatMul
from ..math.sum import sum as sum_


class LinearFunction(FunctionNode):
    """``x W^T (+ b)`` for x (B, N), W (M, N), b (M,); keeps x and W, not b. Each asked
    gradient is one matrix product (or a sum, for b)."""

    __slots__ = ()

    def forward(self, inputs):
        x, W = inputs[0], inputs[1]
        self.retain_inputs((0, 1))
        y = x @ W.T  # the standard's operator and 2-d transpose: no wrapper calls
        if len(inputs) == 3:
            y += inputs[2]  # y is fresh from the product: add in place
        return (y,)

    def backward(self, indexes, grad_outputs):
        x, W = self.get_retained_inputs()
        (gy,) = grad_outputs
        out = []
        for i in indexes:
            if i == 0:
                out.append(MatMul().apply((gy, W))[0])
            elif i == 1:
                out.append(MatMul(transa=True).apply((gy, x))[0])
            else:
                out.append(sum_(gy, axis=0))
        return tuple(out)


def linear(x: Variable | Any, W: Variable | Any, b: Variable | Any = None,
           n_batch_axes: int = 1) -> Variable:
    """Linear function (fully connected layer): ``y = x W^T + b``.

    Args:
        x: inputs whose first ``n_batch_axes`` axes are batch axes; the rest are flattened
            into N features.
        W: weights (M, N).
        b: bias (M,), or None.
        n_batch_axes: how many leading axes of ``x`` are batch axes (>= 1).

    Returns:
        ``x.shape[:n_batch_axes] + (M,)``.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.linear(np.ones((2, 3)), np.ones((4, 3)), np.arange(4.0)).array
    array([[3., 4., 5., 6.],
           [3., 4., 5., 6.]])
    """
    xd, Wd = array_arg("linear", "x", x), array_arg("linear", "W", W)
    if not (type(n_batch_axes) is int or is_int(n_batch_axes)) or n_batch_axes < 1:
        fail("linear", "n_batch_axes", "an int >= 1", f"{n_batch_axes!r}")
    if xd.ndim <= n_batch_axes:
        fail("linear", "x", f"an array of more than n_batch_axes={n_batch_axes} axes", xd)
    expect_float("linear", "x", xd, backends.backend_of(xd))
    batch = tuple(xd.shape[:n_batch_axes])
    features = xd.shape[1] if xd.ndim == 2 else prod(xd.shape[n_batch_axes:])
    if Wd.ndim != 2 or Wd.shape[1] != features:
        fail("linear", "W", f"a 2-d array (out features, {features})", Wd)
    if b is None:
        expect_same_dtype("linear", ("x", "W"), (xd, Wd))
        inputs = (x, W)
    else:
        bd = array_arg("linear", "b", b)
        expect_same_dtype("linear", ("x", "W", "b"), (xd, Wd, bd))
        if bd.shape != (Wd.shape[0],):
            fail("linear", "b", f"shape ({Wd.shape[0]},), one bias per output", bd)
        inputs = (x, W, b)
    if xd.ndim != 2:
        inputs = (reshape(x, (prod(batch), features)), *inputs[1:])
    y = LinearFunction().apply(inputs)[0]
    return y if len(batch) == 1 else reshape(y, (*batch, Wd.shape[0]))
