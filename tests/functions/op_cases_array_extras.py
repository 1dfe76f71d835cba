"""Op table rows: padding, sequences, item selection and scattering, axis moves, stacks,
depth/space rearrangements, image resizing, permutations and diagonals."""

from __future__ import annotations

import numpy as np
import op_refs as R
from op_table import Arg, along, fixed, same
from op_table import OpCase as C

import flexgrad.functions as F

LABELS = Arg(0, 3, kind="int")  # for x with 4 columns


def _indices(x, values):
    """``values`` as an int32 index array on ``x``'s device."""
    return x.device.send(np.asarray(values, dtype=np.int32))


PADDING = [
    C("pad", same(), kw={"pad_width": 1}, ref=lambda x: np.pad(x, 1)),
    C("pad", fixed((2, 3)), kw={"pad_width": ((1, 0), (0, 2)), "constant_values": ((1, 2),
                                                                                     (3, 4))},
      tag="per axis",
      ref=lambda x: np.pad(x, ((1, 0), (0, 2)), constant_values=((1, 2), (3, 4)))),
    C("pad", same(min_dims=1), kw={"pad_width": 5, "mode": "reflect"},
      ref=lambda x: np.pad(x, 5, mode="reflect")),
    C("pad", fixed((2, 3)), kw={"pad_width": ((0, 0), (4, 2)), "mode": "wrap"},
      ref=lambda x: np.pad(x, ((0, 0), (4, 2)), mode="wrap")),
    C("pad_sequence", fixed((3, 2), (1, 2), (2, 2)),
      func=lambda *xs: F.pad_sequence(list(xs), padding=-1.0), tag="padding=-1",
      ref=lambda *xs: R.pad_sequence(xs, padding=-1.0)),
    C("transpose_sequence", fixed((3, 2), (2, 2), (2, 2), (1, 2)),
      func=lambda *xs: F.transpose_sequence(list(xs)),
      ref=lambda *xs: R.transpose_sequence(xs)),
]

SELECTING = [
    C("separate", same(min_dims=2), kw={"axis": -1},
      ref=lambda x: tuple(x[..., i] for i in range(x.shape[-1]))),
    C("select_item", fixed((3, 4), (3,)), (Arg(), LABELS),
      ref=lambda x, t: np.array([x[i, t[i]] for i in range(len(t))])),
    C("scatter_add", fixed((4, 3), (5, 3)),
      func=lambda a, b: F.scatter_add(a, [0, 1, 1, 3, 0], b), tag="repeated indices",
      ref=lambda a, b: R.scatter_add(a, [0, 1, 1, 3, 0], b)),
    C("scatter_add", fixed((3, 4), (3,)),
      func=lambda a, b: F.scatter_add(a, (slice(None), 2), b), tag="column",
      ref=lambda a, b: R.scatter_add(a, (slice(None), 2), b)),
    C("permutate", fixed((2, 4)), func=lambda x: F.permutate(x, _indices(x, [1, 3, 0, 2]),
                                                             axis=1, inv=True),
      tag="axis=1, inv", ref=lambda x: R.permutate(x, [1, 3, 0, 2], axis=1, inv=True)),
    C("diagonal", fixed((3, 4, 2)), kw={"offset": 1, "axis1": 0, "axis2": 1},
      ref=lambda x: np.diagonal(x, 1, 0, 1)),
    C("diagonal", fixed((3, 2, 4)), kw={"offset": -1, "axis1": -1, "axis2": 0},
      ref=lambda x: np.diagonal(x, -1, -1, 0)),
]

MOVING = [
    C("moveaxis", same(min_dims=3, max_dims=3), kw={"source": (0, 1), "destination": (2, 0)},
      ref=lambda x: np.moveaxis(x, (0, 1), (2, 0))),
    C("rollaxis", same(min_dims=3, max_dims=3), kw={"axis": 0, "start": 3},
      ref=lambda x: np.rollaxis(x, 0, 3)),
    C("hstack", along(2, 1), func=lambda *xs: F.hstack(xs), ref=lambda *xs: np.hstack(xs)),
    C("vstack", fixed((3,), (3,)), func=lambda *xs: F.vstack(xs), tag="1-d",
      ref=lambda *xs: np.vstack(xs)),
    C("dstack", fixed((2, 3), (2, 3)), func=lambda *xs: F.dstack(xs),
      ref=lambda *xs: np.dstack(xs)),
    C("depth2space", fixed((2, 8, 2, 3)), kw={"r": 2}, ref=lambda x: R.depth2space(x, 2)),
    C("space2depth", fixed((2, 2, 4, 6)), kw={"r": 2}, ref=lambda x: R.space2depth(x, 2)),
    C("resize_images", fixed((1, 1, 3, 4)), kw={"output_shape": (5, 3)},
      ref=lambda x: R.resize_bilinear(x, (5, 3))),
    C("resize_images", fixed((1, 1, 4, 3)), kw={"output_shape": (3, 5), "align_corners": False},
      ref=lambda x: R.resize_bilinear(x, (3, 5), align_corners=False)),
]

# Fewer rows than forms: the other forms are checked against NumPy in test_array_extras.py.
CASES = PADDING + SELECTING + MOVING
