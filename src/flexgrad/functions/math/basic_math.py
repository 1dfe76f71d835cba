"""Arithmetic: + - * / ** @, negation and absolute value, with NumPy broadcasting.

Binary ops need both Variables of one dtype (flexgrad never upcasts silently); a Python
scalar or a raw array (a constant) meeting a Variable takes its dtype, as in Chainer.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

from ...backends import backend_by_type
from ...configuration import config
from ...errors import expect_same_dtype, fail
from ...function_node import FunctionNode
from ...variable import Variable, _new_constant
from ..array.broadcast import sum_to

Operand = Variable | Any


def _broadcast_shape(fn: str, a: tuple[int, ...], b: tuple[int, ...]) -> None:
    for m, n in zip(a[::-1], b[::-1], strict=False):
        if m != n and m != 1 and n != 1:
            fail(fn, "y", f"a shape that broadcasts with x's {a}", f"shape {b}")


class _Binary(FunctionNode):
    """Checks dtypes and shapes; remembers input shapes when broadcasting happened."""

    __slots__ = ("_shapes",)
    name = ""

    def _check(self, x: Any, y: Any) -> None:
        if x.dtype != y.dtype:
            expect_same_dtype(self.name, ("x", "y"), (x, y))
        xs, ys = x.shape, y.shape
        if xs == ys:
            self._shapes = None
        else:
            _broadcast_shape(self.name, tuple(xs), tuple(ys))
            self._shapes = (tuple(xs), tuple(ys))

    def _operands(self) -> tuple[Any, ...]:
        """The retained inputs: Variables when double backprop records a graph through
        them, else their raw arrays (constants in the gradient, and cheaper)."""
        if config.enable_backprop:
            return self.get_retained_inputs()
        return self.get_retained_arrays()

    def _fit(self, g: Variable, i: int) -> Variable:
        """``g`` summed back to input ``i``'s shape when the forward broadcast."""
        shapes = self._shapes
        if shapes is None or tuple(g.shape) == shapes[i]:
            return g
        return sum_to(g, shapes[i])


class Add(_Binary):
    __slots__ = ()
    name = "add"

    def forward(self, inputs):
        x, y = inputs
        self._check(x, y)
        return (x + y,)

    def backward(self, indexes, grad_outputs):
        (gz,) = grad_outputs
        return tuple([self._fit(gz, i) for i in indexes])


class Sub(_Binary):
    __slots__ = ()
    name = "sub"

    def forward(self, inputs):
        x, y = inputs
        self._check(x, y)
        return (x - y,)

    def backward(self, indexes, grad_outputs):
        (gz,) = grad_outputs
        return tuple([self._fit(gz if i == 0 else -gz, i) for i in indexes])


class Mul(_Binary):
    __slots__ = ()
    name = "mul"

    def forward(self, inputs):
        x, y = inputs
        self._check(x, y)
        self.retain_inputs((0, 1))
        return (x * y,)

    def backward(self, indexes, grad_outputs):
        (gz,) = grad_outputs
        x, y = self._operands()
        return tuple([self._fit(gz * (y if i == 0 else x), i) for i in indexes])


class Div(_Binary):
    __slots__ = ()
    name = "div"

    def forward(self, inputs):
        x, y = inputs
        self._check(x, y)
        self.retain_inputs((0, 1))
        return (x / y,)

    def backward(self, indexes, grad_outputs):
        (gz,) = grad_outputs
        x, y = self._operands()
        gx = gz / y
        return tuple([self._fit(gx if i == 0 else -gx * x / y, i) for i in indexes])


class PowVarVar(_Binary):
    __slots__ = ()
    name = "pow"

    def forward(self, inputs):
        x, y = inputs
        self._check(x, y)
        self.retain_inputs((0, 1))
        self.retain_outputs((0,))
        return (x**y,)

    def backward(self, indexes, grad_outputs):
        (gz,) = grad_outputs
        x, y = self.get_retained_inputs()
        (z,) = self.get_retained_outputs()
        out = []
        for i in indexes:
            if i == 0:
                out.append(self._fit(gz * y * x ** (y - 1), 0))
            else:
                out.append(self._fit(gz * z * _log(x), 1))
        return tuple(out)


class AddConstant(FunctionNode):
    __slots__ = ("value",)

    def __init__(self, value: float) -> None:
        self.value = value

    def forward(self, inputs):
        return (inputs[0] + self.value,)

    def backward(self, indexes, grad_outputs):
        return grad_outputs


class SubFromConstant(FunctionNode):
    __slots__ = ("value",)

    def __init__(self, value: float) -> None:
        self.value = value

    def forward(self, inputs):
        return (self.value - inputs[0],)

    def backward(self, indexes, grad_outputs):
        return (-grad_outputs[0],)


class MulConstant(FunctionNode):
    __slots__ = ("value",)

    def __init__(self, value: float) -> None:
        self.value = value

    def forward(self, inputs):
        return (inputs[0] * self.value,)

    def backward(self, indexes, grad_outputs):
        return (grad_outputs[0] * self.value,)


class DivFromConstant(FunctionNode):
    __slots__ = ("value",)

    def __init__(self, value: float) -> None:
        self.value = value

    def forward(self, inputs):
        self.retain_inputs((0,))
        return (self.value / inputs[0],)

    def backward(self, indexes, grad_outputs):
        (x,) = self.get_retained_inputs()
        return (-grad_outputs[0] * self.value / (x * x),)


class PowVarConst(FunctionNode):
    __slots__ = ("value",)

    def __init__(self, value: float) -> None:
        self.value = value

    def forward(self, inputs):
        self.retain_inputs((0,))
        return (inputs[0] ** self.value,)

    def backward(self, indexes, grad_outputs):
        (x,) = self.get_retained_inputs()
        if self.value == 2:
            return (grad_outputs[0] * 2 * x,)
        return (grad_outputs[0] * self.value * x ** (self.value - 1),)


class PowConstVar(FunctionNode):
    __slots__ = ("value",)

    def __init__(self, value: float) -> None:
        self.value = value

    def forward(self, inputs):
        self.retain_outputs((0,))
        return (self.value ** inputs[0],)

    def backward(self, indexes, grad_outputs):
        (z,) = self.get_retained_outputs()
        return (grad_outputs[0] * z * math.log(self.value),)


class Neg(FunctionNode):
    __slots__ = ()

    def forward(self, inputs):
        return (-inputs[0],)

    def backward(self, indexes, grad_outputs):
        return (-grad_outputs[0],)


class Absolute(FunctionNode):
    """|x|; the gradient at 0 is 0 (the sign)."""

    __slots__ = ()

    def forward(self, inputs):
        self.retain_inputs((0,))
        return (self.xp.abs(inputs[0]),)

    def backward(self, indexes, grad_outputs):
        (x,) = self.get_retained_inputs()
        return (grad_outputs[0] * self.xp.sign(x.array),)


def _log(x: Variable) -> Variable:
    from .exponential import log

    return log(x)


def _without_node(x: Operand, y: Operand) -> tuple[Any, Any] | None:
    """The arrays (or Python numbers) of ``x`` and ``y`` when their op may skip its node.

    That is when no graph is recorded (backward without double backprop) and the operands
    are two arrays of one known type, dtype and shape, or one such array and a Python float
    or int. Anything else goes through the node, for its checks and errors.
    """
    if config.enable_backprop:
        return None
    a = x._data if isinstance(x, Variable) else x
    b = y._data if isinstance(y, Variable) else y
    ta, tb = type(a), type(b)
    if tb is float or tb is int:
        array = a
    elif ta is float or ta is int:
        array = b
    elif ta is tb:
        array = a
    else:
        return None
    shape = array.shape if backend_by_type(type(array)) is not None else None
    # not 0-d: NumPy would return a scalar, which the node turns back into an array
    if not shape or (ta is tb and (a.dtype != b.dtype or shape != b.shape)):
        return None
    return a, b


def _constants_cast(x: Operand, y: Operand) -> tuple[Operand, Operand]:
    """Chainer's rule for arithmetic: a raw array operand (a constant, not a Variable)
    takes the dtype of the Variable it meets, e.g. float64 ``xp.random.randn`` noise added
    to float32 activations. Two Variables of different dtypes are still an error."""
    x_var, y_var = isinstance(x, Variable), isinstance(y, Variable)
    if x_var is y_var:
        return x, y
    var, const = (x, y) if x_var else (y, x)
    data = var._data
    # another library's array is left for the node to refuse by name (BackendMismatchError)
    if type(const) is not type(data) or const.dtype == data.dtype:
        return x, y
    const = backend_by_type(type(const)).xp.astype(const, data.dtype)
    return (x, const) if x_var else (const, y)


def _is_scalar(value: Any) -> bool:
    # fast path: Variables and Python floats/ints need no ABC check
    if isinstance(value, Variable):
        return False
    cls = type(value)
    if cls is float or cls is int:
        return True
    return isinstance(value, numbers.Number) and not isinstance(value, bool)


def _scalar(fn: str, value: Any) -> float | int:
    if type(value) is float or type(value) is int:  # fast path: no ABC check
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    fail(fn, "value", "a real scalar", f"{value!r}", kind="type")
    return 0


def add(*xs: Operand) -> Variable:
    """Elementwise sum of two or more operands (broadcasting).

    >>> import numpy as np, flexgrad.functions as F
    >>> F.add(np.array([1.0, 2.0]), np.array([3.0, 4.0])).array
    array([4., 6.])
    """
    if len(xs) < 2:
        fail("add", "xs", "two or more operands", f"{len(xs)}")
    out = _add2(xs[0], xs[1])
    for x in xs[2:]:
        out = _add2(out, x)
    return out


def _add2(x: Operand, y: Operand) -> Variable:
    arrays = _without_node(x, y)
    if arrays is not None:  # fast path: no graph to record, so no node
        return _new_constant(arrays[0] + arrays[1])
    if _is_scalar(y):
        return AddConstant(_scalar("add", y)).apply((x,))[0]
    if _is_scalar(x):
        return AddConstant(_scalar("add", x)).apply((y,))[0]
    return Add().apply(_constants_cast(x, y))[0]


def sub(x: Operand, y: Operand) -> Variable:
    """Elementwise ``x - y`` (broadcasting)."""
    arrays = _without_node(x, y)
    if arrays is not None:  # fast path: no graph to record, so no node
        return _new_constant(arrays[0] - arrays[1])
    if _is_scalar(y):
        return AddConstant(-_scalar("sub", y)).apply((x,))[0]
    if _is_scalar(x):
        return SubFromConstant(_scalar("sub", x)).apply((y,))[0]
    return Sub().apply(_constants_cast(x, y))[0]


def mul(x: Operand, y: Operand) -> Variable:
    """Elementwise ``x * y`` (broadcasting)."""
    arrays = _without_node(x, y)
    if arrays is not None:  # fast path: no graph to record, so no node
        return _new_constant(arrays[0] * arrays[1])
    if _is_scalar(y):
        return MulConstant(_scalar("mul", y)).apply((x,))[0]
    if _is_scalar(x):
        return MulConstant(_scalar("mul", x)).apply((y,))[0]
    return Mul().apply(_constants_cast(x, y))[0]


def div(x: Operand, y: Operand) -> Variable:
    """Elementwise ``x / y`` (broadcasting)."""
    if _is_scalar(y):
        return MulConstant(1.0 / _scalar("div", y)).apply((x,))[0]
    if _is_scalar(x):
        return DivFromConstant(_scalar("div", x)).apply((y,))[0]
    return Div().apply(_constants_cast(x, y))[0]


def pow(x: Operand, y: Operand) -> Variable:  # noqa: A001 - Chainer's name
    """Elementwise ``x ** y`` (broadcasting)."""
    if _is_scalar(y):
        return PowVarConst(_scalar("pow", y)).apply((x,))[0]
    if _is_scalar(x):
        return PowConstVar(_scalar("pow", x)).apply((y,))[0]
    return PowVarVar().apply(_constants_cast(x, y))[0]


def neg(x: Operand) -> Variable:
    """Elementwise ``-x``."""
    return Neg().apply((x,))[0]


def absolute(x: Operand) -> Variable:
    """Elementwise ``|x|``; its gradient at 0 is 0."""
    return Absolute().apply((x,))[0]


def _install_operators() -> None:
    """Give Variable its arithmetic operators (done once, at import)."""
    from .matmul import matmul

    def rsub(x, y):
        return sub(y, x)

    def rdiv(x, y):
        return div(y, x)

    def rpow(x, y):
        return pow(y, x)

    def rmatmul(x, y):
        return matmul(y, x)

    def getitem(x, key):
        from ..array.get_item import get_item

        return get_item(x, key)

    Variable.__add__ = Variable.__radd__ = _add2
    Variable.__sub__, Variable.__rsub__ = sub, rsub
    Variable.__mul__ = Variable.__rmul__ = mul
    Variable.__truediv__, Variable.__rtruediv__ = div, rdiv
    Variable.__pow__, Variable.__rpow__ = pow, rpow
    Variable.__matmul__, Variable.__rmatmul__ = matmul, rmatmul
    Variable.__neg__ = neg
    Variable.__pos__ = lambda x: x
    Variable.__abs__ = absolute
    Variable.__getitem__ = getitem
