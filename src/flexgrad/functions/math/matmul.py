"""Matrix product with Chainer's ``transa``/``transb``, batched by broadcasting."""

from __future__ import annotations

from typing import Any

from ...errors import expect_same_dtype, fail
from ...function_node import FunctionNode
from ...variable import Variable
from ..array.broadcast import sum_to
from ..array.reshape import expand_dims, squeeze


class MatMul(FunctionNode):
    """``op(a) @ op(b)`` for arrays of 2 or more dims; op transposes the last two axes."""

    __slots__ = ("transa", "transb", "_shapes")

    def __init__(self, transa: bool = False, transb: bool = False) -> None:
        self.transa = transa
        self.transb = transb

    def forward(self, inputs):
        a, b = inputs
        xp = self.xp
        if a.dtype != b.dtype:
            expect_same_dtype("matmul", ("a", "b"), (a, b))
        if self.transa:
            a = xp.matrix_transpose(a)
        if self.transb:
            b = xp.matrix_transpose(b)
        if a.shape[-1] != b.shape[-2]:
            fail("matmul", "b", f"{b.shape[-2]} rows to match a's {a.shape[-1]} columns "
                 "(after transa/transb)", inputs[1])
        self._shapes = (tuple(inputs[0].shape), tuple(inputs[1].shape))
        self.retain_inputs((0, 1))
        return (a @ b,)  # the standard's operator: no compatibility wrapper per call

    def backward(self, indexes, grad_outputs):
        (gy,) = grad_outputs
        a, b = self.get_retained_inputs()
        ta, tb = self.transa, self.transb
        out = []
        for i in indexes:
            if i == 0:
                g = _mm(b, gy, tb, True) if ta else _mm(gy, b, False, not tb)
            else:
                g = _mm(gy, a, True, ta) if tb else _mm(a, gy, not ta, False)
            shape = self._shapes[i]
            out.append(g if tuple(g.shape) == shape else sum_to(g, shape))
        return tuple(out)


def _mm(a: Any, b: Any, transa: bool, transb: bool) -> Variable:
    return MatMul(transa, transb).apply((a, b))[0]


def matmul(a: Variable | Any, b: Variable | Any, transa: bool = False,
           transb: bool = False) -> Variable:
    """Matrix product ``op(a) @ op(b)``; leading axes broadcast as batch axes.

    A 1-d ``a`` is a row vector and a 1-d ``b`` a column vector, as in NumPy; ``transa``
    and ``transb`` transpose the last two axes first.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.matmul(np.ones((2, 3)), np.ones((2, 3)), transb=True).array
    array([[3., 3.],
           [3., 3.]])
    """
    for name, v in (("a", a), ("b", b)):
        if v.ndim == 0:
            fail("matmul", name, "an array of 1 or more dims", v)
    vec_a, vec_b = a.ndim == 1, b.ndim == 1
    if vec_a:
        a = expand_dims(a, 0)
    if vec_b:
        b = expand_dims(b, 1)
    y = _mm(a, b, transa and not vec_a, transb and not vec_b)
    if vec_a:
        y = squeeze(y, -2)
    if vec_b:
        y = squeeze(y, -1)
    return y
