"""The few operations the recurrent cells use, on raw arrays or on Variables.

A cell's formulas are written once against one of these: ``ArrayMath`` computes on raw
arrays and records nothing (forward, and a first-order backward); ``VARIABLE_MATH`` calls
flexgrad functions, so a backward run with it records a graph that can be differentiated
again. Operators (``+ - *``) need no entry here: arrays and Variables both have them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ... import backends
from ...variable import Variable
from ..activation.relu import relu
from ..activation.sigmoid import sigmoid
from ..activation.tanh import tanh
from ..array.concat import concat
from ..array.reshape import reshape
from ..array.split_axis import split_axis
from ..array.stack import stack
from ..math.matmul import matmul
from ..math.sum import sum as _sum


class ArrayMath:
    """On raw arrays of one backend, through its Array API namespace."""

    __slots__ = ("backend", "xp")

    def __init__(self, backend: Any) -> None:
        self.backend = backend
        self.xp = backend.xp

    def tanh(self, x: Any) -> Any:
        return self.xp.tanh(x)

    def sigmoid(self, x: Any) -> Any:
        # one transcendental call: tanh(x/2)/2 + 1/2 (as Chainer's LSTM); exact to rounding
        return self.xp.tanh(x * 0.5) * 0.5 + 0.5

    def relu(self, x: Any) -> Any:
        return self.xp.maximum(x, 0)

    def positive(self, x: Any) -> Any:
        """``x > 0`` as x's dtype: a constant (the derivative of relu)."""
        return self.xp.astype(x > 0, x.dtype)

    def matmul(self, a: Any, b: Any, transa: bool = False, transb: bool = False) -> Any:
        t = self.xp.matrix_transpose
        return (t(a) if transa else a) @ (t(b) if transb else b)

    def concat(self, xs: Sequence[Any], axis: int) -> Any:
        if len(xs) == 1:
            return xs[0]
        return self.backend.coalesce(self.xp.concat(list(xs), axis=axis), axis)

    def stack(self, xs: Sequence[Any], axis: int) -> Any:
        return self.xp.stack(list(xs), axis=axis)

    def split(self, x: Any, bounds: Sequence[tuple[int, int]], axis: int) -> list[Any]:
        """Pieces ``[start, stop)`` along ``axis``; the bounds tile the whole axis."""
        lead = (slice(None),) * axis
        return [x[lead + (slice(start, stop), ...)] for start, stop in bounds]

    def reshape(self, x: Any, shape: tuple[int, ...]) -> Any:
        return self.backend.reshape(x, shape)

    def sum0(self, x: Any) -> Any:
        return self.xp.sum(x, axis=0)

    def zeros_like(self, x: Any) -> Any:
        return self.xp.zeros_like(x)


class VariableMath:
    """The same on Variables, with flexgrad functions: everything is recorded."""

    __slots__ = ()

    tanh = staticmethod(tanh)
    sigmoid = staticmethod(sigmoid)
    relu = staticmethod(relu)
    concat = staticmethod(concat)
    stack = staticmethod(stack)
    reshape = staticmethod(reshape)
    matmul = staticmethod(matmul)

    @staticmethod
    def positive(x: Variable) -> Any:
        return backends.backend_of(x.array).xp.astype(x.array > 0, x.dtype)

    @staticmethod
    def split(x: Variable, bounds: Sequence[tuple[int, int]], axis: int) -> list[Variable]:
        if len(bounds) == 1:
            return [x]
        return list(split_axis(x, [start for start, _ in bounds[1:]], axis))

    @staticmethod
    def sum0(x: Variable) -> Variable:
        return _sum(x, axis=0)

    @staticmethod
    def zeros_like(x: Variable) -> Variable:
        return Variable(backends.backend_of(x.array).xp.zeros_like(x.array), requires_grad=False)


VARIABLE_MATH = VariableMath()
