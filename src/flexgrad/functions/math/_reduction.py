"""What reductions share: checking ``axis`` and sending a gradient back over reduced axes."""

from __future__ import annotations

from typing import Any

from ...errors import fail, normalize_axes
from ...variable import Variable
from ..array.broadcast import broadcast_to
from ..array.reshape import reshape


def reduced_axes(fn: str, axis: Any, ndim: int) -> tuple[int, ...]:
    """``axis`` (None, an int or a tuple of ints, negatives allowed) as sorted axes."""
    if not (axis is None or isinstance(axis, (int, tuple, list))) or isinstance(axis, bool):
        fail(fn, "axis", "None, an int or a tuple of ints", f"{axis!r}", kind="type")
    return normalize_axes(fn, axis, ndim)


def keepdims_shape(shape: tuple[int, ...], axes: tuple[int, ...]) -> tuple[int, ...]:
    """``shape`` with the reduced ``axes`` set to length 1."""
    return tuple(1 if i in axes else n for i, n in enumerate(shape))


def check_nonempty(fn: str, x: Any, axes: tuple[int, ...]) -> None:
    """Reductions without an identity (max, min, logsumexp) need elements to reduce."""
    if any(x.shape[a] == 0 for a in axes):
        fail(fn, "x", "at least one element along the reduced axes", x)


def unreduce(gy: Variable, axes: tuple[int, ...], shape: tuple[int, ...],
             keepdims: bool) -> Variable:
    """The gradient of a reduction's output, spread back over the input's ``shape``."""
    if not keepdims:
        gy = reshape(gy, keepdims_shape(shape, axes))
    return broadcast_to(gy, shape)
