"""Op table rows: arithmetic, elementwise math, activations, matmul and reductions."""

from __future__ import annotations

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

import flexgrad.functions as F

# maximum/minimum: the two inputs sit on interleaved grids, never within 0.05 of each other
EVEN, ODD = Arg(grid=0.1), Arg(grid=0.1, offset=0.05)
# logsumexp/exp-heavy rows far from 0 catch implementations that overflow
LARGE = Arg(500.0, 800.0)

ARITHMETIC = [
    C("add", bc(2)),
    C("add", same(3), tag="3 operands"),
    C("add", same(), func=lambda x: F.add(x, 1.5), tag="scalar"),
    C("sub", bc(2)),
    C("sub", same(), func=lambda x: F.sub(2.0, x), tag="scalar - x"),
    C("mul", bc(2)),
    C("mul", same(), func=lambda x: F.mul(x, -3.0), tag="scalar"),
    C("div", bc(2), (ANY, NONZERO)),
    C("div", same(), (NONZERO,), func=lambda x: F.div(2.0, x), tag="scalar / x"),
    C("div", same(), func=lambda x: F.div(x, 4.0), tag="x / scalar"),
    C("pow", bc(2), (POSITIVE, ANY)),
    C("pow", same(), func=lambda x: F.pow(x, 3), tag="x ** 3"),
    C("pow", same(), (POSITIVE,), func=lambda x: F.pow(x, 2.5), tag="x ** 2.5"),
    C("pow", same(), func=lambda x: F.pow(2.0, x), tag="2.0 ** x"),
    C("neg", same()),
    C("absolute", same(), (kinked(0.0),)),
]

ELEMENTWISE = [
    C("exp", same()),
    C("log", same(), (POSITIVE,)),
    C("log1p", same(), (Arg(-0.5, 2.0),)),
    C("expm1", same()),
    C("sqrt", same(), (POSITIVE,)),
    C("square", same()),
    C("sin", same()),
    C("cos", same()),
    C("tan", same(), (Arg(-1.0, 1.0),)),
    C("tanh", same()),
    C("sigmoid", same()),
    C("sigmoid", same(), (Arg(-40.0, 40.0),), tag="saturated"),
    C("relu", same(), (kinked(0.0),)),
    C("maximum", bc(2), (EVEN, ODD)),
    C("minimum", bc(2), (ODD, EVEN)),
    C("clip", same(), (kinked(-1.0, 0.5),), kw={"x_min": -1.0, "x_max": 0.5}),
    C("where", same(3), (BOOL, ANY, ANY)),
    C("where", bc(3), (BOOL, ANY, ANY), tag="broadcast"),
]

MATMUL = [
    C("matmul", matmul_shapes()),
    C("matmul", matmul_shapes(transa=True), kw={"transa": True}),
    C("matmul", matmul_shapes(transb=True), kw={"transb": True}),
    C("matmul", matmul_shapes(True, True), kw={"transa": True, "transb": True}),
    C("matmul", matmul_shapes(batched=True), tag="batched"),
    C("matmul", matmul_shapes(transb=True, batched=True), kw={"transb": True}, tag="batched,T"),
    C("matmul", matmul_shapes(vector="a"), tag="vector @ matrix"),
    C("matmul", matmul_shapes(vector="b"), tag="matrix @ vector"),
    C("matmul", matmul_shapes(vector="ab"), tag="vector @ vector"),
]

REDUCTIONS = [
    C("sum", same()),
    C("sum", same(min_dims=2), kw={"axis": 1, "keepdims": True}),
    C("sum", same(min_dims=3), kw={"axis": (0, 2)}),
    C("sum", same(min_dims=1), kw={"axis": -1}),
    C("mean", same()),
    C("mean", same(min_dims=2), kw={"axis": 1, "keepdims": True}),
    C("mean", with_weights(1), (ANY, POSITIVE), func=lambda x, w: F.mean(x, 1, w),
      tag="weights,axis=1"),
    C("mean", with_weights(None), (ANY, POSITIVE), func=lambda x, w: F.mean(x, weights=w),
      tag="weights"),
    C("average", same(min_dims=1), kw={"axis": 0}),
    C("average", with_weights(0), (ANY, POSITIVE),
      func=lambda x, w: F.average(x, axis=0, weights=w, keepdims=True), tag="weights,keepdims"),
    C("max", same(), (DISTINCT,)),
    C("max", same(min_dims=2), (DISTINCT,), kw={"axis": 1, "keepdims": True}),
    C("max", same(min_dims=2), (DISTINCT,), kw={"axis": (0, -1)}),
    C("min", same(), (DISTINCT,)),
    C("min", same(min_dims=2), (DISTINCT,), kw={"axis": 0}),
    C("logsumexp", same()),
    C("logsumexp", same(min_dims=2), kw={"axis": 1}),
    C("logsumexp", same(min_dims=3), kw={"axis": (0, 2)}),
    C("logsumexp", same(min_dims=1), (LARGE,), kw={"axis": 0}, tag="large values"),
    C("prod", same(max_side=2), (NONZERO,)),
    C("prod", same(min_dims=2), (NONZERO,), kw={"axis": 1, "keepdims": True}),
    C("prod", same(min_dims=1), (Arg(-1.0, 1.0, grid=0.5),), kw={"axis": 0}, tag="zeros"),
]

CASES = ARITHMETIC + ELEMENTWISE + MATMUL + REDUCTIONS
