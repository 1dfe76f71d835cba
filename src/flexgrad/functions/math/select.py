"""Elementwise selection: maximum, minimum, clip and where, with NumPy broadcasting.

The gradient goes to the operand that was selected, via ``where``; comparisons and
conditions are constants, so every backward here is differentiable again.
"""

from __future__ import annotations

from typing import Any

from ...errors import expect_float, expect_same_dtype, fail
from ...function_node import FunctionNode
from ...variable import Variable
from ..array.broadcast import sum_to
from ._operands import array_of, check_broadcast, is_scalar, with_constants

Operand = Variable | Any


class _Extremum(FunctionNode):
    """Elementwise max or min of two float arrays; ties send the gradient to ``x1``."""

    __slots__ = ("_shapes",)
    name = ""

    def forward(self, inputs):
        x1, x2 = inputs
        expect_float(self.name, "x1", x1, self.backend)
        if x1.dtype != x2.dtype:
            expect_same_dtype(self.name, ("x1", "x2"), (x1, x2))
        check_broadcast(self.name, ("x1", "x2"), (x1, x2))
        self._shapes = (tuple(x1.shape), tuple(x2.shape))
        self.retain_inputs((0, 1))
        return (getattr(self.xp, self.name)(x1, x2),)

    def first_wins(self, x1: Any, x2: Any) -> Any:
        """Where ``x1`` is the selected operand (ties included)."""
        raise NotImplementedError

    def backward(self, indexes, grad_outputs):
        x1, x2 = self.get_retained_inputs()
        cond = self.first_wins(x1.array, x2.array)
        (gy,) = grad_outputs
        return tuple(
            sum_to(where(cond, gy, 0.0) if i == 0 else where(cond, 0.0, gy), self._shapes[i])
            for i in indexes
        )


class Maximum(_Extremum):
    __slots__ = ()
    name = "maximum"

    def first_wins(self, x1, x2):
        return x1 >= x2


class Minimum(_Extremum):
    __slots__ = ()
    name = "minimum"

    def first_wins(self, x1, x2):
        return x1 <= x2


class Clip(FunctionNode):
    """``x`` limited to ``[x_min, x_max]``; the gradient passes where ``x`` is inside,
    bounds included (Chainer's convention)."""

    __slots__ = ("x_min", "x_max")

    def __init__(self, x_min: float | None, x_max: float | None) -> None:
        self.x_min = x_min
        self.x_max = x_max

    def forward(self, inputs):
        (x,) = inputs
        expect_float("clip", "x", x, self.backend)
        self.retain_inputs((0,))
        return (self.xp.clip(x, self.x_min, self.x_max),)

    def backward(self, indexes, grad_outputs):
        (x,) = self.get_retained_inputs()
        x = x.array
        if self.x_min is None:
            inside = x <= self.x_max
        elif self.x_max is None:
            inside = x >= self.x_min
        else:
            inside = (x >= self.x_min) & (x <= self.x_max)
        return (where(inside, grad_outputs[0], 0.0),)


class Where(FunctionNode):
    """``x`` where ``condition`` holds, else ``y``; no gradient to the condition."""

    __slots__ = ("_shapes",)

    def forward(self, inputs):
        condition, x, y = inputs
        if not self.xp.isdtype(condition.dtype, "bool"):
            fail("where", "condition", "a bool array", condition, kind="type")
        if x.dtype != y.dtype:
            expect_same_dtype("where", ("x", "y"), (x, y))
        check_broadcast("where", ("condition", "x", "y"), inputs)
        self._shapes = (tuple(x.shape), tuple(y.shape))
        self.retain_inputs((0,))
        return (self.xp.where(condition, x, y),)

    def backward(self, indexes, grad_outputs):
        (condition,) = self.get_retained_inputs()
        condition = condition.array
        (gy,) = grad_outputs
        out = []
        for i in indexes:
            if i == 0:
                out.append(None)
            else:
                g = where(condition, gy, 0.0) if i == 1 else where(condition, 0.0, gy)
                out.append(sum_to(g, self._shapes[i - 1]))
        return tuple(out)


def maximum(x1: Operand, x2: Operand) -> Variable:
    """Elementwise maximum of two float operands (broadcasting).

    Either operand may be a Python scalar, treated as a constant. Where ``x1 == x2`` the
    whole gradient goes to ``x1``, as in Chainer.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.maximum(np.array([1.0, 5.0]), 3.0).array
    array([3., 5.])
    """
    return Maximum().apply(with_constants("maximum", ("x1", "x2"), (x1, x2)))[0]


def minimum(x1: Operand, x2: Operand) -> Variable:
    """Elementwise minimum of two float operands (broadcasting).

    Either operand may be a Python scalar, treated as a constant. Where ``x1 == x2`` the
    whole gradient goes to ``x1``, as in Chainer.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.minimum(np.array([1.0, 5.0]), 3.0).array
    array([1., 3.])
    """
    return Minimum().apply(with_constants("minimum", ("x1", "x2"), (x1, x2)))[0]


def clip(x: Operand, x_min: float | None, x_max: float | None) -> Variable:
    """Elementwise ``x`` limited to ``[x_min, x_max]``; one bound may be None (no limit).

    The gradient is 1 inside the interval, bounds included, and 0 outside.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.clip(np.array([-2.0, 0.5, 2.0]), -1.0, 1.0).array
    array([-1. ,  0.5,  1. ])
    """
    for name, bound in (("x_min", x_min), ("x_max", x_max)):
        if bound is not None and not is_scalar(bound):
            fail("clip", name, "a real number or None", f"{bound!r}", kind="type")
    if x_min is None and x_max is None:
        fail("clip", "x_max", "a bound (x_min and x_max cannot both be None)", "None")
    if x_min is not None and x_max is not None and not x_min < x_max:
        fail("clip", "x_max", f"a number greater than x_min={x_min!r}", f"{x_max!r}")
    return Clip(x_min, x_max).apply((x,))[0]


def where(condition: Operand, x: Operand, y: Operand) -> Variable:
    """Elementwise ``x if condition else y`` (broadcasting).

    Args:
        condition: a bool array or Variable; it gets no gradient.
        x, y: arrays or Variables of one dtype; either may be a Python scalar constant.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.where(np.array([True, False]), np.array([1.0, 2.0]), 0.0).array
    array([1., 0.])
    """
    condition = array_of("where", "condition", condition)
    return Where().apply((condition,) + with_constants("where", ("x", "y"), (x, y)))[0]
