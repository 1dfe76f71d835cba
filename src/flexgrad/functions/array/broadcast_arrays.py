"""broadcast: several inputs broadcast to their common shape (Chainer's F.broadcast)."""

from __future__ import annotations

from typing import Any

from ...errors import fail
from ...variable import Variable
from ._args import arrays_arg
from .broadcast import broadcast_to


def _common_shape(shapes: list[tuple[int, ...]]) -> tuple[int, ...] | None:
    """The shape NumPy's rules broadcast ``shapes`` to, or None where they clash."""
    ndim = max(len(s) for s in shapes)
    out = []
    for axis in range(ndim):
        sizes = {s[axis - ndim + len(s)] for s in shapes if axis - ndim + len(s) >= 0} - {1}
        if len(sizes) > 1:
            return None
        out.append(sizes.pop() if sizes else 1)
    return tuple(out)


def broadcast(*xs: Variable | Any) -> Variable | tuple[Variable, ...]:
    """Each of ``xs`` broadcast to their common shape (NumPy rules); a tuple of them, or
    the Variable itself for one input, as in Chainer. The gradients sum back.

    >>> import numpy as np, flexgrad.functions as F
    >>> a, b = F.broadcast(np.ones((2, 1)), np.ones(3))
    >>> a.shape, b.shape
    ((2, 3), (2, 3))
    """
    arrays = arrays_arg("broadcast", "xs", xs)
    shape = _common_shape([tuple(a.shape) for a in arrays])
    if shape is None:
        fail("broadcast", "xs", "shapes that broadcast together",
             ", ".join(str(tuple(a.shape)) for a in arrays))
    ys = tuple(broadcast_to(x, shape) for x in xs)
    return ys[0] if len(ys) == 1 else ys
