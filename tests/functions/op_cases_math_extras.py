"""Op table rows: inverse trigonometric, hyperbolic and special functions, rounding, fmod,
cumulative sums and products, arg-extrema, tensor products and einsum, bias and scale."""

from __future__ import annotations

import numpy as np
from op_table import ANY, DISTINCT, NONZERO, POSITIVE, Arg, fixed, kinked, same
from op_table import OpCase as C
from op_table import broadcast as bc
from scipy import special

import flexgrad.functions as F

NO_EINSUM = {"array_api_strict": "the standard has no einsum: a clear error there "
                                 "(test_math_einsum.py)"}
INSIDE_UNIT = Arg(-0.9, 0.9)
OFF_INTEGERS = kinked(-2.0, -1.0, 0.0, 1.0, 2.0)


def _ref_spread(y, ndim, axis):
    """``y`` with length-1 axes around it, its first axis at ``axis`` of an ``ndim``-d array."""
    axis %= ndim
    return y.reshape((1,) * axis + y.shape + (1,) * (ndim - axis - y.ndim))


def _ref_batch_matmul(a, b, transa=False, transb=False):
    """Per-sample products, in a loop: a 2-d operand holds column vectors, 3-d matrices."""
    a = a[:, :, None] if a.ndim == 2 else a
    b = b[:, :, None] if b.ndim == 2 else b
    return np.stack([(ai.T if transa else ai) @ (bi.T if transb else bi)
                     for ai, bi in zip(a, b, strict=True)])


ELEMENTWISE = [
    C("arcsin", same(), (INSIDE_UNIT,), ref=np.arcsin),
    C("arccos", same(), (INSIDE_UNIT,), ref=np.arccos),
    C("arctan", same(), ref=np.arctan),
    C("arctan2", bc(2), (NONZERO, ANY), ref=np.arctan2),
    C("sinh", same(), ref=np.sinh),
    C("cosh", same(), ref=np.cosh),
    C("arctanh", same(), (Arg(-0.8, 0.8),), ref=np.arctanh),
    C("log2", same(), (POSITIVE,), ref=np.log2),
    C("log10", same(), (POSITIVE,), ref=np.log10),
    C("rsqrt", same(), (POSITIVE,), ref=lambda x: 1 / np.sqrt(x)),
    C("sign", same(), (kinked(0.0),), ref=np.sign),
    C("floor", same(), (OFF_INTEGERS,), ref=np.floor),
    C("ceil", same(), (OFF_INTEGERS,), ref=np.ceil),
    # x / divisor stays inside (1, 2) or (-2, -1): away from fmod's jumps
    C("fmod", bc(2), (Arg(1.2, 1.9), Arg(1.0, 1.1)), tag="positive", ref=np.fmod),
    C("erf", same(), ref=special.erf),
    C("erfc", same(), ref=special.erfc),
    C("lgamma", same(), (Arg(0.2, 4.0),), ref=special.gammaln),
    C("digamma", same(), (Arg(0.3, 4.0),), ref=special.digamma),
]

CUMULATIVE = [
    C("cumsum", same(), ref=np.cumsum),
    C("cumsum", same(min_dims=2), kw={"axis": 1}, ref=lambda x: np.cumsum(x, axis=1)),
    C("cumprod", same(), ref=np.cumprod),
    C("cumprod", same(min_dims=1, max_side=5), (Arg(-1.0, 1.0, grid=0.5),), kw={"axis": -1},
      tag="zeros", ref=lambda x: np.cumprod(x, axis=-1)),
    C("argmax", same(min_dims=1), (DISTINCT,), keeps_dtype=False, ref=np.argmax),
    C("argmin", same(min_dims=1), (DISTINCT,), kw={"axis": 0}, keeps_dtype=False,
      ref=lambda x: np.argmin(x, axis=0)),
]

PRODUCTS = [
    C("tensordot", fixed((2, 3, 4), (3, 4, 2)), ref=np.tensordot),
    C("tensordot", fixed((3, 2, 4), (4, 3)), kw={"axes": ([0, 2], [1, 0])},
      ref=lambda a, b: np.tensordot(a, b, axes=([0, 2], [1, 0]))),
    C("batch_matmul", fixed((2, 3, 4), (2, 4, 2)), ref=_ref_batch_matmul),
    C("batch_matmul", fixed((2, 3), (2, 3)), kw={"transb": True}, tag="vectors",
      ref=lambda a, b: _ref_batch_matmul(a, b, transb=True)),
    C("batch_l2_norm_squared", same(min_dims=2),
      ref=lambda x: np.array([np.sum(xi * xi) for xi in x])),
    C("einsum", fixed((2, 3), (3, 4)), func=lambda a, b: F.einsum("ij,jk->ik", a, b),
      tag="ij,jk->ik", gaps=NO_EINSUM, ref=lambda a, b: np.einsum("ij,jk->ik", a, b)),
    C("einsum", fixed((3, 3)), func=lambda a: F.einsum("ii", a), tag="trace", gaps=NO_EINSUM,
      ref=np.trace),
    C("einsum", fixed((2, 1, 3, 2), (4, 2, 3)), func=lambda a, b: F.einsum("...ij,...jk", a, b),
      tag="broadcast ellipsis", gaps=NO_EINSUM, ref=lambda a, b: np.einsum("...ij,...jk", a, b)),
    C("einsum", fixed((2, 2, 3)), func=lambda a: F.einsum("iij->j", a), tag="diagonal, sum",
      gaps=NO_EINSUM, ref=lambda a: np.einsum("iij->j", a)),
]

BROADCASTING = [
    C("linear_interpolate", same(3), (Arg(0.0, 1.0), ANY, ANY),
      ref=lambda p, x, y: p * x + (1 - p) * y),
    C("bias", fixed((2, 3, 4), (3, 4)), kw={"axis": -2},
      ref=lambda x, y: x + _ref_spread(y, x.ndim, -2)),
    C("scale", fixed((2, 3, 4), (4,)), kw={"axis": 2},
      ref=lambda x, y: x * _ref_spread(y, x.ndim, 2)),
    C("identity", same(2), tag="two inputs", ref=lambda x, y: (x, y)),
]

# Fewer rows than forms: the other forms are checked against NumPy in test_math_*.py.
CASES = ELEMENTWISE + CUMULATIVE + PRODUCTS + BROADCASTING
