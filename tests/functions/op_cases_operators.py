"""Op table rows: Variable's operators (+ - * / ** @, unary -, abs, indexing)."""

from __future__ import annotations

import numpy as np
from op_table import NONZERO, POSITIVE, kinked, matmul_shapes, same
from op_table import OpCase as C
from op_table import broadcast as bc

CASES = [
    C("Variable.__add__", bc(2), func=lambda x, y: x + y, ref=np.add),
    C("Variable.__radd__", same(), func=lambda x: 1.5 + x, ref=lambda x: x + 1.5),
    C("Variable.__sub__", bc(2), func=lambda x, y: x - y, ref=np.subtract),
    C("Variable.__rsub__", same(), func=lambda x: 1.5 - x, ref=lambda x: 1.5 - x),
    C("Variable.__mul__", bc(2), func=lambda x, y: x * y, ref=np.multiply),
    C("Variable.__rmul__", same(), func=lambda x: 2 * x, ref=lambda x: x + x),
    C("Variable.__truediv__", bc(2), (NONZERO, NONZERO), func=lambda x, y: x / y, ref=np.divide),
    C("Variable.__rtruediv__", same(), (NONZERO,), func=lambda x: 1 / x, ref=np.reciprocal),
    C("Variable.__pow__", bc(2), (POSITIVE, POSITIVE), func=lambda x, y: x**y, ref=np.power),
    C("Variable.__pow__", same(), func=lambda x: x**2, tag="x ** 2", ref=np.square),
    C("Variable.__rpow__", same(), func=lambda x: 3.0**x, ref=lambda x: np.exp(x * np.log(3.0))),
    C("Variable.__matmul__", matmul_shapes(batched=True), func=lambda a, b: a @ b, ref=np.matmul),
    C("Variable.__rmatmul__", matmul_shapes(), func=lambda a, b: b.__rmatmul__(a), ref=np.matmul),
    C("Variable.__neg__", same(), func=lambda x: -x, ref=np.negative),
    C("Variable.__abs__", same(), (kinked(0.0),), func=lambda x: abs(x), ref=np.abs),
    C("Variable.__getitem__", same(min_dims=2, min_side=2), func=lambda x: x[1:, ::-2],
      ref=lambda x: x[1:, ::-2]),
    C("Variable.__getitem__", same(min_dims=1), func=lambda x: x[[0, 0, -1]],
      tag="x[[0, 0, -1]]", ref=lambda x: np.stack([x[0], x[0], x[-1]])),
    C("Variable.__getitem__", same(min_dims=2), func=lambda x: x[..., None, 0],
      tag="x[..., None, 0]", ref=lambda x: np.expand_dims(x[..., 0], -1)),
]
