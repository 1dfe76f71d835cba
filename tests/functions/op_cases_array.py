"""Op table rows: shape changes, joins and splits, indexing, repeats and casts."""

from __future__ import annotations

import numpy as np
import op_refs as R
from op_table import Arg, along, fixed, ones_at, same, sized
from op_table import OpCase as C

import flexgrad.functions as F


def _stretched(x):
    """A shape ``x`` broadcasts to: a new leading axis, and every length-1 axis made 3."""
    return (2, *(3 if n == 1 else n for n in x.shape))


def _summed_to(x):
    """A shape ``x`` sums down to: the leading axis dropped, every other axis summed to 1."""
    return tuple(1 if i % 2 else n for i, n in enumerate(x.shape[1:]))


def _some_twice(x):
    """Repeat counts 0, 1, 2, 0, ... for the elements along axis 0."""
    return tuple(i % 3 for i in range(x.shape[0]))


SHAPES = [
    C("reshape", same(), func=lambda x: F.reshape(x, (-1,)), tag="(-1,)",
      ref=lambda x: np.reshape(x, (-1,))),
    C("reshape", same(min_dims=2), func=lambda x: F.reshape(x, x.shape[::-1]), tag="reversed",
      ref=lambda x: np.reshape(x, x.shape[::-1])),
    C("transpose", same(), ref=np.transpose),
    C("transpose", same(min_dims=3, max_dims=3), kw={"axes": (1, -1, 0)},
      ref=lambda x: np.transpose(x, (1, -1, 0))),
    C("swapaxes", same(min_dims=2), kw={"axis1": 0, "axis2": 1},
      ref=lambda x: np.swapaxes(x, 0, 1)),
    C("swapaxes", same(min_dims=3), kw={"axis1": -1, "axis2": 0},
      ref=lambda x: np.swapaxes(x, -1, 0)),
    C("broadcast_to", same(max_side=2), func=lambda x: F.broadcast_to(x, _stretched(x)),
      tag="stretched", ref=lambda x: np.broadcast_to(x, _stretched(x))),
    C("sum_to", same(min_dims=1), func=lambda x: F.sum_to(x, _summed_to(x)), tag="summed",
      ref=lambda x: R.sum_to(x, _summed_to(x))),
    C("expand_dims", same(), kw={"axis": 0}, ref=lambda x: x[None]),
    C("expand_dims", same(), kw={"axis": -1}, ref=lambda x: x[..., None]),
    C("squeeze", ones_at(0, 2, min_dims=3), ref=np.squeeze),
    C("squeeze", ones_at(1, min_dims=2), kw={"axis": 1}, ref=lambda x: np.squeeze(x, 1)),
    C("flatten", same(), ref=np.ravel),
    C("flip", same(min_dims=1), kw={"axis": 0}, ref=lambda x: x[::-1]),
    C("flip", same(min_dims=2), kw={"axis": -1}, ref=lambda x: x[..., ::-1]),
]

JOINS = [
    C("concat", along(3, 1), func=lambda *xs: F.concat(xs), tag="axis=1 (default)",
      ref=lambda *xs: np.concatenate(xs, 1)),
    C("concat", along(2, 0, min_dims=1), func=lambda *xs: F.concat(xs, axis=0), tag="axis=0",
      ref=lambda *xs: np.concatenate(xs, 0)),
    C("concat", along(2, -1), func=lambda *xs: F.concat(xs, axis=-1), tag="axis=-1",
      ref=lambda *xs: np.concatenate(xs, -1)),
    C("stack", same(3), func=lambda *xs: F.stack(xs), tag="axis=0 (default)",
      ref=lambda *xs: np.stack(xs)),
    C("stack", same(2), func=lambda *xs: F.stack(xs, axis=-1), tag="axis=-1",
      ref=lambda *xs: np.stack(xs, -1)),
    C("split_axis", sized(1, (3, 6)), kw={"indices_or_sections": 3, "axis": 1},
      ref=lambda x: tuple(np.split(x, 3, 1))),
    C("split_axis", sized(0, (3, 4)), kw={"indices_or_sections": [1, 3], "axis": 0},
      ref=lambda x: (x[:1], x[1:3], x[3:])),
    C("split_axis", sized(1, (3, 6)), func=lambda x: F.split_axis(x, 3, 1)[:2],
      tag="unused output", ref=lambda x: tuple(np.split(x, 3, 1)[:2])),
    C("split_axis", same(min_dims=1), func=lambda x: F.split_axis(x, 1, 0, force_tuple=False),
      tag="force_tuple=False", ref=lambda x: x),
    C("repeat", same(), kw={"repeats": 2}, ref=lambda x: np.repeat(x, 2)),
    C("repeat", same(min_dims=2), kw={"repeats": 2, "axis": 1},
      ref=lambda x: np.repeat(x, 2, 1)),
    C("repeat", same(min_dims=1), func=lambda x: F.repeat(x, _some_twice(x), axis=0),
      tag="per-element repeats", ref=lambda x: np.repeat(x, _some_twice(x), 0)),
    C("tile", same(), kw={"reps": 2}, ref=lambda x: np.tile(x, 2)),
    C("tile", same(max_dims=2), kw={"reps": (2, 1, 3)}, ref=lambda x: np.tile(x, (2, 1, 3))),
]

INDEXING = [
    C("get_item", same(min_dims=2, min_side=2),
      kw={"slices": (slice(None, None, 2), slice(1, None))}, ref=lambda x: x[::2, 1:]),
    C("get_item", fixed((3, 1)), func=lambda x: F.get_item(x, (slice(None), slice(1, None))),
      tag="empty result", ref=lambda x: x[:, 1:]),
    C("get_item", same(min_dims=2), kw={"slices": (Ellipsis, 0)}, ref=lambda x: x[..., 0]),
    C("get_item", same(min_dims=2), kw={"slices": (0, None, slice(None, None, -1))},
      ref=lambda x: x[0, None, ::-1]),
    C("get_item", same(min_dims=1), func=lambda x: F.get_item(x, [0, x.shape[0] - 1, 0]),
      tag="repeated integer index",
      ref=lambda x: np.stack([x[0], x[len(x) - 1], x[0]])),
    C("get_item", same(min_dims=2), func=lambda x: F.get_item(x, (slice(None), [-1, 0, 0])),
      tag="slice, index array",
      ref=lambda x: np.stack([x[:, -1], x[:, 0], x[:, 0]], axis=1)),
    C("get_item", same(min_dims=3),
      func=lambda x: F.get_item(x, ([0, 0], slice(None), [x.shape[2] - 1, 0])),
      tag="index arrays around a slice",
      ref=lambda x: np.stack([x[0, :, x.shape[2] - 1], x[0, :, 0]])),
]

CASTS = [
    C("cast", same(), func=lambda x: F.cast(x, x.xp.float32), tag="to float32",
      atol=5e-3, rtol=1e-3, keeps_dtype=False, ref=lambda x: x.astype(np.float32)),
    C("cast", same(), (Arg(dtype="float32"),), func=lambda x: F.cast(x, "float64"),
      tag="float32 to 'float64'", keeps_dtype=False, ref=lambda x: x.astype(np.float64)),
    C("cast", same(), func=lambda x: F.cast(x, x.dtype), tag="same dtype",
      ref=lambda x: x),
]

CASES = SHAPES + JOINS + INDEXING + CASTS
