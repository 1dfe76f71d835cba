"""Op table rows: linear, convolutions and deconvolutions, im2col, embed_id, bilinear.

Images stay tiny (sides <= 5, <= 4 channels): every row runs on Dask and array_api_strict
through the standard-only windows too.
"""

from __future__ import annotations

import op_refs as R
from hypothesis import strategies as st
from op_table import ANY, Arg, fixed, shapes
from op_table import OpCase as C

import flexgrad.functions as F


@st.composite
def linear_shapes(draw, bias: bool = True, batch_axes: int = 1, feature_axes: int = 1):
    """Shapes of ``x`` (batch..., features...), ``W`` (M, N) and, with ``bias``, ``b``."""
    batch = tuple(draw(st.integers(1, 3)) for _ in range(batch_axes))
    features = tuple(draw(st.integers(1, 3)) for _ in range(feature_axes))
    m, n = draw(st.integers(1, 4)), 1
    for f in features:
        n *= f
    return (batch + features, (m, n)) + (((m,),) if bias else ())


@st.composite
def conv_shapes(draw, nd: int = 2, pad: int = 0, dilate: int = 1, groups: int = 1,
                bias: bool = True, transposed: bool = False):
    """Shapes of ``x``, ``W`` and ``b`` with a kernel that fits the input padded by ``pad``
    (convolution) or a positive output size (deconvolution, stride >= 1)."""
    n = draw(st.integers(1, 2))
    c_in, c_out = (groups * draw(st.integers(1, 2)) for _ in range(2))
    ksize = tuple(draw(st.integers(1, 3 if nd < 3 else 2)) for _ in range(nd))
    high = 4 if nd < 3 else 3
    if transposed:
        size = tuple(draw(st.integers(3 if pad else 1, high)) for _ in ksize)
        w = (c_in, c_out // groups, *ksize)
    else:
        low = [max(1, dilate * (k - 1) + 1 - 2 * pad) for k in ksize]
        size = tuple(draw(st.integers(lo, max(lo, high))) for lo in low)
        w = (c_out, c_in // groups, *ksize)
    return ((n, c_in, *size), w) + (((c_out,),) if bias else ())


def _image(nd: int, channels: int = 2, side: int = 4):
    return shapes(min_dims=2 + nd, max_dims=2 + nd, min_side=1, max_side=side).map(
        lambda s: ((s[0], channels, *(max(x, 3) for x in s[2:])),))


def _plus_one(x, W):
    """The output size of stride 2 and pad 1, plus one."""
    return tuple(2 * (n - 1) + k - 2 + 1 for n, k in zip(x.shape[2:], W.shape[2:], strict=True))


def _deconv_plus_one(x, W, b):
    """Stride 2, pad 1, groups 2 and an ``outsize`` one larger than the default."""
    return F.deconvolution_2d(x, W, b, stride=2, pad=1, outsize=_plus_one(x, W), groups=2)


def _deconv_plus_one_ref(x, W, b):
    return R.deconvolution(x, W, b, stride=2, pad=1, outsize=_plus_one(x, W), groups=2)


LINEAR = [
    C("linear", linear_shapes(), ref=R.linear),
    C("linear", linear_shapes(bias=False, batch_axes=2, feature_axes=2),
      func=lambda x, W: F.linear(x, W, n_batch_axes=2), tag="n_batch_axes=2, flattened",
      ref=lambda x, W: R.linear(x, W, n_batch_axes=2)),
]

# Each Dask agreement example of a convolution costs ~0.2 s, so the rows combine options;
# tests/functions/test_connection_convolution.py checks them one by one on NumPy.
CONVOLUTIONS = [
    C("convolution_2d", conv_shapes(), ref=R.convolution),
    C("convolution_2d", conv_shapes(pad=1, dilate=2, groups=2),
      kw={"stride": (2, 1), "pad": 1, "cover_all": True, "dilate": (2, 1), "groups": 2},
      ref=lambda x, W, b: R.convolution(x, W, b, (2, 1), 1, True, (2, 1), 2)),
    C("convolution_nd", conv_shapes(nd=1, bias=False), ref=R.convolution),
    C("convolution_nd", conv_shapes(nd=3, pad=1), kw={"pad": 1}, tag="3-d",
      ref=lambda x, W, b: R.convolution(x, W, b, pad=1)),
    C("depthwise_convolution_2d", fixed((2, 2, 4, 3), (2, 2, 2, 2), (4,)),
      kw={"stride": 2, "pad": 1},
      ref=lambda x, W, b: R.depthwise_convolution_2d(x, W, b, stride=2, pad=1)),
    C("deconvolution_2d", conv_shapes(pad=1, groups=2, transposed=True), func=_deconv_plus_one,
      tag="stride=2,pad=1,groups=2,outsize", ref=_deconv_plus_one_ref),
    C("deconvolution_nd", conv_shapes(nd=1, dilate=2, bias=False, transposed=True),
      kw={"stride": 3, "dilate": 2},
      ref=lambda x, W: R.deconvolution(x, W, stride=3, dilate=2)),
    C("im2col", _image(2), kw={"ksize": (3, 2), "stride": 2, "pad": 1, "cover_all": True,
                               "dilate": (1, 2)},
      ref=lambda x: R.im2col(x, (3, 2), 2, 1, True, (1, 2))),
]

IDS = Arg(0, 3, kind="int")
EMBEDDINGS = [
    C("embed_id", shapes(max_dims=2).map(lambda s: (s, (4, 3))), (IDS, ANY), ref=R.embed_id),
    C("embed_id", shapes(min_dims=1, max_dims=2).map(lambda s: (s, (4, 3))),
      (Arg(-1, 3, kind="int"), ANY), kw={"ignore_label": -1},
      ref=lambda ids, W: R.embed_id(ids, W, ignore_label=-1)),
    C("bilinear", fixed((2, 3), (2, 2), (3, 2, 4)), ref=R.bilinear),
    C("bilinear", fixed((2, 3), (2, 1, 2), (3, 2, 2), (3, 2), (2, 2), (2,)), tag="V1, V2, b",
      ref=R.bilinear),
]

CASES = LINEAR + CONVOLUTIONS + EMBEDDINGS
