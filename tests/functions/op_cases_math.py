"""Op table rows: arithmetic, elementwise math, activations, matmul and reductions."""

from __future__ import annotations

import numpy as np
from op_table import (
    ANY,
    BOOL,
    DISTINCT,
    NONZERO,
    POSITIVE,
    Arg,
    kinked,
    matmul_shapes,
    same,
    with_weights,
)
from op_table import OpCase as C
from op_table import broadcast as bc
from scipy import special

import flexgrad.functions as F

# maximum/minimum: the two inputs sit on interleaved grids, never within 0.05 of each other
EVEN, ODD = Arg(grid=0.1), Arg(grid=0.1, offset=0.05)
# logsumexp/exp-heavy rows far from 0 catch implementations that overflow
LARGE = Arg(500.0, 800.0)


def _ref_matmul(a, b, transa=False, transb=False):
    """``op(a) @ op(b)`` with NumPy: ``trans`` swaps the last two axes of a 2+-d operand."""
    if transa and a.ndim >= 2:
        a = np.swapaxes(a, -1, -2)
    if transb and b.ndim >= 2:
        b = np.swapaxes(b, -1, -2)
    return np.matmul(a, b)


def _ref_sigmoid(x):
    return 1 / (1 + np.exp(-x))


ARITHMETIC = [
    C("add", bc(2), ref=np.add),
    C("add", same(3), tag="3 operands", ref=lambda x, y, z: x + y + z),
    C("add", same(), func=lambda x: F.add(x, 1.5), tag="scalar", ref=lambda x: x + 1.5),
    C("sub", bc(2), ref=np.subtract),
    C("sub", same(), func=lambda x: F.sub(2.0, x), tag="scalar - x", ref=lambda x: 2.0 - x),
    C("mul", bc(2), ref=np.multiply),
    C("mul", same(), func=lambda x: F.mul(x, -3.0), tag="scalar", ref=lambda x: -3.0 * x),
    C("div", bc(2), (ANY, NONZERO), ref=np.divide),
    C("div", same(), (NONZERO,), func=lambda x: F.div(2.0, x), tag="scalar / x",
      ref=lambda x: 2.0 / x),
    C("div", same(), func=lambda x: F.div(x, 4.0), tag="x / scalar", ref=lambda x: x / 4.0),
    C("pow", bc(2), (POSITIVE, ANY), ref=np.power),
    C("pow", same(), func=lambda x: F.pow(x, 3), tag="x ** 3", ref=lambda x: x * x * x),
    C("pow", same(), (POSITIVE,), func=lambda x: F.pow(x, 2.5), tag="x ** 2.5",
      ref=lambda x: x * x * np.sqrt(x)),
    C("pow", same(), func=lambda x: F.pow(2.0, x), tag="2.0 ** x", ref=lambda x: np.exp2(x)),
    C("neg", same(), ref=lambda x: -x),
    C("absolute", same(), (kinked(0.0),), ref=lambda x: np.where(x < 0, -x, x)),
]

ELEMENTWISE = [
    C("exp", same(), ref=np.exp),
    C("log", same(), (POSITIVE,), ref=np.log),
    C("log1p", same(), (Arg(-0.5, 2.0),), ref=np.log1p),
    C("expm1", same(), ref=np.expm1),
    C("sqrt", same(), (POSITIVE,), ref=np.sqrt),
    C("square", same(), ref=lambda x: x * x),
    C("sin", same(), ref=np.sin),
    C("cos", same(), ref=np.cos),
    C("tan", same(), (Arg(-1.0, 1.0),), ref=np.tan),
    C("tanh", same(), ref=np.tanh),
    C("sigmoid", same(), ref=_ref_sigmoid),
    C("sigmoid", same(), (Arg(-40.0, 40.0),), tag="saturated", ref=_ref_sigmoid),
    C("relu", same(), (kinked(0.0),), ref=lambda x: np.where(x > 0, x, 0.0)),
    C("maximum", bc(2), (EVEN, ODD), ref=np.maximum),
    C("minimum", bc(2), (ODD, EVEN), ref=np.minimum),
    C("clip", same(), (kinked(-1.0, 0.5),), kw={"x_min": -1.0, "x_max": 0.5},
      ref=lambda x: np.clip(x, -1.0, 0.5)),
    C("where", same(3), (BOOL, ANY, ANY), ref=np.where),
    C("where", bc(3), (BOOL, ANY, ANY), tag="broadcast", ref=np.where),
]

MATMUL = [
    C("matmul", matmul_shapes(), ref=_ref_matmul),
    C("matmul", matmul_shapes(transa=True), kw={"transa": True},
      ref=lambda a, b: _ref_matmul(a, b, transa=True)),
    C("matmul", matmul_shapes(transb=True), kw={"transb": True},
      ref=lambda a, b: _ref_matmul(a, b, transb=True)),
    C("matmul", matmul_shapes(True, True), kw={"transa": True, "transb": True},
      ref=lambda a, b: _ref_matmul(a, b, True, True)),
    C("matmul", matmul_shapes(batched=True), tag="batched", ref=_ref_matmul),
    C("matmul", matmul_shapes(transb=True, batched=True), kw={"transb": True}, tag="batched,T",
      ref=lambda a, b: _ref_matmul(a, b, transb=True)),
    C("matmul", matmul_shapes(vector="a"), tag="vector @ matrix", ref=_ref_matmul),
    C("matmul", matmul_shapes(vector="b"), tag="matrix @ vector", ref=_ref_matmul),
    C("matmul", matmul_shapes(vector="ab"), tag="vector @ vector", ref=_ref_matmul),
]

REDUCTIONS = [
    C("sum", same(), ref=np.sum),
    C("sum", same(min_dims=2), kw={"axis": 1, "keepdims": True},
      ref=lambda x: np.sum(x, axis=1, keepdims=True)),
    C("sum", same(min_dims=3), kw={"axis": (0, 2)}, ref=lambda x: np.sum(x, axis=(0, 2))),
    C("sum", same(min_dims=1), kw={"axis": -1}, ref=lambda x: np.sum(x, axis=-1)),
    C("mean", same(), ref=np.mean),
    C("mean", same(min_dims=2), kw={"axis": 1, "keepdims": True},
      ref=lambda x: np.mean(x, axis=1, keepdims=True)),
    C("mean", with_weights(1), (ANY, POSITIVE), func=lambda x, w: F.mean(x, 1, w),
      tag="weights,axis=1", ref=lambda x, w: np.average(x, axis=1, weights=w)),
    C("mean", with_weights(None), (ANY, POSITIVE), func=lambda x, w: F.mean(x, weights=w),
      tag="weights", ref=lambda x, w: np.average(x, weights=w)),
    C("average", same(min_dims=1), kw={"axis": 0}, ref=lambda x: np.mean(x, axis=0)),
    C("average", with_weights(0), (ANY, POSITIVE),
      func=lambda x, w: F.average(x, axis=0, weights=w, keepdims=True), tag="weights,keepdims",
        ref=lambda x, w: np.average(x, axis=0, weights=w, keepdims=True)),
    C("max", same(), (DISTINCT,), ref=np.max),
    C("max", same(min_dims=2), (DISTINCT,), kw={"axis": 1, "keepdims": True},
      ref=lambda x: np.max(x, axis=1, keepdims=True)),
    C("max", same(min_dims=2), (DISTINCT,), kw={"axis": (0, -1)},
      ref=lambda x: np.max(x, axis=(0, -1))),
    C("min", same(), (DISTINCT,), ref=np.min),
    C("min", same(min_dims=2), (DISTINCT,), kw={"axis": 0}, ref=lambda x: np.min(x, axis=0)),
    C("logsumexp", same(), ref=special.logsumexp),
    C("logsumexp", same(min_dims=2), kw={"axis": 1}, ref=lambda x: special.logsumexp(x, axis=1)),
    C("logsumexp", same(min_dims=3), kw={"axis": (0, 2)},
      ref=lambda x: special.logsumexp(x, axis=(0, 2))),
    C("logsumexp", same(min_dims=1), (LARGE,), kw={"axis": 0}, tag="large values",
      ref=lambda x: special.logsumexp(x, axis=0)),
    C("prod", same(max_side=2), (NONZERO,), ref=np.prod),
    C("prod", same(min_dims=2), (NONZERO,), kw={"axis": 1, "keepdims": True},
      ref=lambda x: np.prod(x, axis=1, keepdims=True)),
    C("prod", same(min_dims=1), (Arg(-1.0, 1.0, grid=0.5),), kw={"axis": 0}, tag="zeros",
      ref=lambda x: np.prod(x, axis=0)),
]

CASES = ARITHMETIC + ELEMENTWISE + MATMUL + REDUCTIONS
