"""pad_sequence: sequences of different lengths padded into one batch array."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ...errors import expect_same_dtype, fail
from ...variable import Variable
from ._args import arrays_arg, is_int
from .pad import pad
from .stack import stack


def pad_sequence(xs: Sequence[Variable | Any], length: int | None = None,
                 padding: float = 0) -> Variable:
    """Stack ``xs`` (each ``(len_i, ...)``) into one ``(len(xs), length, ...)`` array.

    Each sequence is padded at its end with ``padding`` up to ``length`` (default: the
    longest). A composite of pad and stack, so it needs no backward of its own.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.pad_sequence([np.array([1.0, 2.0]), np.array([3.0])], padding=-1.0).array
    array([[ 1.,  2.],
           [ 3., -1.]])
    """
    arrays = arrays_arg("pad_sequence", "xs", xs)
    names = [f"xs[{i}]" for i in range(len(arrays))]
    unit = tuple(arrays[0].shape[1:])
    for name, a in zip(names, arrays, strict=True):
        if a.ndim == 0 or tuple(a.shape[1:]) != unit:
            fail("pad_sequence", name, f"shape (length, *{unit}) like xs[0]", a)
    expect_same_dtype("pad_sequence", names, arrays)
    longest = max(a.shape[0] for a in arrays)
    if length is None:
        length = longest
    elif not is_int(length) or length < longest:
        fail("pad_sequence", "length", f"None or an int >= the longest length {longest}",
             f"{length!r}")
    rest = ((0, 0),) * len(unit)
    return stack([pad(x, ((0, length - a.shape[0]),) + rest, constant_values=padding)
                  for x, a in zip(xs, arrays, strict=True)])
