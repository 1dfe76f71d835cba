"""split_axis: cut an array into pieces along one axis; the gradient concatenates them."""

from __future__ import annotations

import itertools
from typing import Any

from ... import backends
from ...errors import fail, normalize_axis
from ...function_node import FunctionNode
from ...variable import Variable
from ._args import array_arg, is_int


class SplitAxis(FunctionNode):
    """One output per ``(start, stop)`` range of ``axis``; outputs without a gradient get 0."""

    __slots__ = ("bounds", "axis", "_shapes", "_dtype", "_device")

    def __init__(self, bounds: tuple[tuple[int, int], ...], axis: int) -> None:
        self.bounds = bounds
        self.axis = axis

    def forward(self, inputs):
        (x,) = inputs
        lead = (slice(None),) * self.axis
        ys = tuple(x[lead + (slice(start, stop), ...)] for start, stop in self.bounds)
        self._shapes = tuple(tuple(y.shape) for y in ys)
        self._dtype, self._device = x.dtype, self.backend.device_arg(x)
        return ys

    def backward(self, indexes, grad_outputs):
        from .concat import concat

        zeros = self.xp.zeros
        gys = [
            zeros(shape, dtype=self._dtype, device=self._device) if gy is None else gy
            for gy, shape in zip(grad_outputs, self._shapes, strict=True)
        ]
        return (concat(gys, self.axis),)


def _bounds(indices_or_sections: Any, size: int) -> tuple[tuple[int, int], ...]:
    """The ``(start, stop)`` of each piece of an axis of length ``size``."""
    spec = indices_or_sections
    if is_int(spec):
        if spec < 1 or size % spec:
            fail("split_axis", "indices_or_sections",
                 f"a number of sections >= 1 that divides the axis length {size}", f"{spec}")
        step = size // spec
        return tuple((i * step, (i + 1) * step) for i in range(spec))
    if backends.is_array(spec):
        spec = backends.backend_of(spec).to_numpy(spec).tolist()
    if not isinstance(spec, (list, tuple)) or not all(is_int(i) for i in spec):
        fail("split_axis", "indices_or_sections", "an int or a 1-d sequence of ints",
             f"{indices_or_sections!r}", kind="type")
    points = [int(i) + size if i < 0 else int(i) for i in spec]
    if any(not 0 <= p <= size for p in points) or points != sorted(points):
        fail("split_axis", "indices_or_sections",
             f"sorted split points in [-{size}, {size}]", f"{list(spec)}")
    edges = [0, *points, size]
    return tuple(itertools.pairwise(edges))


def split_axis(
    x: Variable | Any, indices_or_sections: Any, axis: int, force_tuple: bool = True
) -> tuple[Variable, ...] | Variable:
    """Split ``x`` along ``axis`` into equal sections or at the given points.

    Args:
        x: the Variable or array to split.
        indices_or_sections: an int N (N equal pieces; N must divide the axis length) or a
            sorted sequence of split points (negative points count from the end).
        axis: the axis to split.
        force_tuple: when False and there is a single piece, return it alone.

    Returns:
        A tuple of Variables (or one Variable, see ``force_tuple``).

    >>> import numpy as np, flexgrad.functions as F
    >>> [y.shape for y in F.split_axis(np.zeros((2, 5)), [1, 3], axis=1)]
    [(2, 1), (2, 2), (2, 2)]
    """
    array = array_arg("split_axis", "x", x)
    if array.ndim == 0:
        fail("split_axis", "x", "an array with at least one axis", array)
    axis = normalize_axis("split_axis", axis, array.ndim)
    ys = SplitAxis(_bounds(indices_or_sections, array.shape[axis]), axis).apply((x,))
    if force_tuple or len(ys) != 1:
        return ys
    return ys[0]
