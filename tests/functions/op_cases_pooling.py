"""Op table rows: max and average pooling, unpooling and upsampling.

Max pooling draws distinct values on a grid, so no maximum is tied and a central
difference never switches which element wins.
"""

from __future__ import annotations

import op_refs as R
from op_table import ANY, DISTINCT, Arg, shapes
from op_table import OpCase as C

import flexgrad.functions as F


def images(nd: int = 2, low: int = 1, high: int = 4, channels: int = 2):
    """One image batch shape (n, channels, *sides) with sides in [low, high]."""
    return shapes(min_dims=2 + nd, max_dims=2 + nd, min_side=1, max_side=high).map(
        lambda s: ((min(s[0], 2), channels, *(max(x, low) for x in s[2:])),))


MAX = [
    C("max_pooling_2d", images(), (DISTINCT,), kw={"ksize": 3, "stride": 2, "pad": 1},
      ref=lambda x: R.max_pooling(x, 3, 2, 1)),
    C("max_pooling_nd", images(nd=1, low=2), (DISTINCT,), kw={"ksize": 2, "cover_all": False},
      ref=lambda x: R.max_pooling(x, 2, cover_all=False)),
    C("max_pooling_nd", images(nd=3, high=3, channels=1), (DISTINCT,), kw={"ksize": 2},
      tag="3-d", ref=lambda x: R.max_pooling(x, 2)),
]

AVERAGE = [
    C("average_pooling_2d", images(low=2), kw={"ksize": 3, "stride": 2, "pad": 1},
      ref=lambda x: R.average_pooling(x, 3, 2, 1)),
    C("average_pooling_nd", images(nd=1, low=2), kw={"ksize": 3, "pad": 1, "pad_value": None},
      ref=lambda x: R.average_pooling(x, 3, pad=1, pad_value=None)),
]

INVERSES = [
    C("unpooling_2d", images(low=2, high=3), kw={"ksize": 3, "stride": 2, "pad": 1},
      ref=lambda x: R.unpooling_2d(x, 3, 2, 1)),
    C("unpooling_2d", images(high=3), func=lambda x: F.unpooling_2d(
        x, 2, outsize=tuple(2 * n for n in x.shape[2:])), tag="outsize",
      ref=lambda x: R.unpooling_2d(x, 2, outsize=tuple(2 * n for n in x.shape[2:]))),
    C("upsampling_2d", images(low=2, high=3).map(lambda s: s * 2), (ANY, Arg(0, 8, kind="int")),
      func=lambda x, i: F.upsampling_2d(x, i, 3, 2, 1), tag="ksize=3,stride=2,pad=1",
      ref=lambda x, i: R.unpooling_2d(x, 3, 2, 1, indexes=i)),
]

CASES = MAX + AVERAGE + INVERSES
