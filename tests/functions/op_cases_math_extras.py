"""Op table rows: inverse trigonometric, hyperbolic and special functions, rounding, fmod,
cumulative sums and products, arg-extrema, tensor products and einsum, bias and scale."""

from __future__ import annotations

from op_table import ANY, DISTINCT, NONZERO, POSITIVE, Arg, fixed, kinked, same
from op_table import OpCase as C
from op_table import broadcast as bc

import flexgrad.functions as F

NO_EINSUM = {"array_api_strict": "the standard has no einsum: a clear error there "
                                 "(test_math_einsum.py)"}
INSIDE_UNIT = Arg(-0.9, 0.9)
OFF_INTEGERS = kinked(-2.0, -1.0, 0.0, 1.0, 2.0)

ELEMENTWISE = [
    C("arcsin", same(), (INSIDE_UNIT,)),
    C("arccos", same(), (INSIDE_UNIT,)),
    C("arctan", same()),
    C("arctan2", bc(2), (NONZERO, ANY)),
    C("sinh", same()),
    C("cosh", same()),
    C("arctanh", same(), (Arg(-0.8, 0.8),)),
    C("log2", same(), (POSITIVE,)),
    C("log10", same(), (POSITIVE,)),
    C("rsqrt", same(), (POSITIVE,)),
    C("sign", same(), (kinked(0.0),)),
    C("floor", same(), (OFF_INTEGERS,)),
    C("ceil", same(), (OFF_INTEGERS,)),
    # x / divisor stays inside (1, 2) or (-2, -1): away from fmod's jumps
    C("fmod", bc(2), (Arg(1.2, 1.9), Arg(1.0, 1.1)), tag="positive"),
    C("erf", same()),
    C("erfc", same()),
    C("lgamma", same(), (Arg(0.2, 4.0),)),
    C("digamma", same(), (Arg(0.3, 4.0),)),
]

CUMULATIVE = [
    C("cumsum", same()),
    C("cumsum", same(min_dims=2), kw={"axis": 1}),
    C("cumprod", same()),
    C("cumprod", same(min_dims=1, max_side=5), (Arg(-1.0, 1.0, grid=0.5),), kw={"axis": -1},
      tag="zeros"),
    C("argmax", same(min_dims=1), (DISTINCT,), keeps_dtype=False),
    C("argmin", same(min_dims=1), (DISTINCT,), kw={"axis": 0}, keeps_dtype=False),
]

PRODUCTS = [
    C("tensordot", fixed((2, 3, 4), (3, 4, 2))),
    C("tensordot", fixed((3, 2, 4), (4, 3)), kw={"axes": ([0, 2], [1, 0])}),
    C("batch_matmul", fixed((2, 3, 4), (2, 4, 2))),
    C("batch_matmul", fixed((2, 3), (2, 3)), kw={"transb": True}, tag="vectors"),
    C("batch_l2_norm_squared", same(min_dims=2)),
    C("einsum", fixed((2, 3), (3, 4)), func=lambda a, b: F.einsum("ij,jk->ik", a, b),
      tag="ij,jk->ik", gaps=NO_EINSUM),
    C("einsum", fixed((3, 3)), func=lambda a: F.einsum("ii", a), tag="trace", gaps=NO_EINSUM),
    C("einsum", fixed((2, 1, 3, 2), (4, 2, 3)), func=lambda a, b: F.einsum("...ij,...jk", a, b),
      tag="broadcast ellipsis", gaps=NO_EINSUM),
    C("einsum", fixed((2, 2, 3)), func=lambda a: F.einsum("iij->j", a), tag="diagonal, sum",
      gaps=NO_EINSUM),
]

BROADCASTING = [
    C("linear_interpolate", same(3), (Arg(0.0, 1.0), ANY, ANY)),
    C("bias", fixed((2, 3, 4), (3, 4)), kw={"axis": -2}),
    C("scale", fixed((2, 3, 4), (4,)), kw={"axis": 2}),
    C("identity", same(2), tag="two inputs"),
]

# Fewer rows than forms: the other forms are checked against NumPy in test_math_*.py.
CASES = ELEMENTWISE + CUMULATIVE + PRODUCTS + BROADCASTING
