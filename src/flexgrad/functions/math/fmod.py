"""fmod: the remainder of division with the sign of the dividend (C's ``fmod``)."""

from __future__ import annotations

from typing import Any

from ...errors import expect_float, expect_same_dtype
from ...function_node import FunctionNode
from ...variable import Variable
from ..array.broadcast import sum_to
from ._operands import check_broadcast, with_constants


class Fmod(FunctionNode):
    """``x - trunc(x / divisor) * divisor``; the quotient is a constant for the gradient."""

    __slots__ = ("_shapes",)

    def forward(self, inputs):
        x, divisor = inputs
        expect_float("fmod", "x", x, self.backend)
        if x.dtype != divisor.dtype:
            expect_same_dtype("fmod", ("x", "divisor"), (x, divisor))
        check_broadcast("fmod", ("x", "divisor"), (x, divisor))
        self._shapes = (tuple(x.shape), tuple(divisor.shape))
        self.retain_inputs((0, 1))
        return (self.backend.fmod(x, divisor),)

    def backward(self, indexes, grad_outputs):
        (gy,) = grad_outputs
        x, divisor = self.get_retained_inputs()
        out = []
        for i in indexes:
            if i == 0:
                out.append(sum_to(gy, self._shapes[0]))
            else:
                quotient = self.xp.trunc(x.array / divisor.array)
                out.append(sum_to(gy * -quotient, self._shapes[1]))
        return tuple(out)


def fmod(x: Variable | Any, divisor: Variable | Any) -> Variable:
    """Elementwise remainder of ``x / divisor`` with the sign of ``x`` (broadcasting).

    The gradient is 1 for ``x`` and ``-trunc(x / divisor)`` for ``divisor`` (away from
    the jumps at multiples of ``divisor``). Either operand may be a Python scalar.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.fmod(np.array([-7.0, 7.0]), np.array([3.0, 3.0])).array
    array([-1.,  1.])
    """
    return Fmod().apply(with_constants("fmod", ("x", "divisor"), (x, divisor)))[0]
