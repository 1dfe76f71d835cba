"""bias and scale: Caffe-style broadcasting of ``y`` over ``x`` from axis ``axis`` on."""

from __future__ import annotations

from typing import Any

from ...errors import fail
from ...variable import Variable
from ..array._args import array_arg, is_int
from ..array.broadcast import broadcast_to
from ..array.reshape import reshape


def _spread(fn: str, x: Variable | Any, y: Variable | Any, axis: int) -> Variable:
    """``y`` reshaped to line up with ``x``'s axes ``axis, axis + 1, ...`` and broadcast."""
    x_shape = tuple(array_arg(fn, "x", x).shape)
    y_shape = tuple(array_arg(fn, "y", y).shape)
    if not is_int(axis):
        fail(fn, "axis", "an int", f"{axis!r}", kind="type")
    if axis < 0:
        axis += len(x_shape)
    if not 0 <= axis or x_shape[axis:axis + len(y_shape)] != y_shape:
        fail(fn, "y", f"the shape of x's axes {axis}, {axis} + 1, ... (x is {x_shape})",
             f"shape {y_shape}")
    lined_up = (1,) * axis + y_shape + (1,) * (len(x_shape) - axis - len(y_shape))
    return broadcast_to(reshape(y, lined_up), x_shape)


def bias(x: Variable | Any, y: Variable | Any, axis: int = 1) -> Variable:
    """``x + y`` with ``y``'s axes matched to ``x``'s from ``axis`` on (Caffe's bias).

    E.g. ``x`` of shape ``(100, 3, 40, 60)``, ``y`` of ``(3, 40)`` and ``axis=1`` add ``y``
    as if it had shape ``(1, 3, 40, 1)``. A composite, so it needs no backward of its own.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.bias(np.zeros((2, 3, 1)), np.arange(3.0)).array[:, :, 0]
    array([[0., 1., 2.],
           [0., 1., 2.]])
    """
    return _spread("bias", x, y, axis) + x


def scale(x: Variable | Any, y: Variable | Any, axis: int = 1) -> Variable:
    """``x * y`` with ``y``'s axes matched to ``x``'s from ``axis`` on (Caffe's scale).

    A composite, so it needs no backward of its own.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.scale(np.ones((2, 3)), np.array([1.0, 2.0, 3.0])).array
    array([[1., 2., 3.],
           [1., 2., 3.]])
    """
    return _spread("scale", x, y, axis) * x
