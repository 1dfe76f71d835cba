"""Stand-ins for functions other modules are adding to ``flexgrad.functions``.

``fn(name)`` returns ``F.<name>`` when it exists, else a benchmark-local node that does the
same computation, so the benchmarks run (and compare the same math) before it lands. This
module goes away once every name below exists in ``flexgrad.functions``.
"""

from __future__ import annotations

from collections.abc import Callable

import flexgrad.functions as F
from flexgrad import FunctionNode, Variable

used: list[str] = []


def fn(name: str) -> Callable[..., Variable]:
    """``F.<name>``, or the stand-in (recorded in ``used``) while flexgrad lacks it."""
    real = getattr(F, name, None)
    if real is not None:
        return real
    if name not in used:
        used.append(name)
    return _STANDINS[name]


class _Tanh(FunctionNode):
    __slots__ = ()

    def forward(self, inputs):
        self.retain_outputs((0,))
        return (self.xp.tanh(inputs[0]),)

    def backward(self, indexes, grad_outputs):
        (y,) = self.get_retained_outputs()
        return (grad_outputs[0] * (1 - y * y),)


class _Sigmoid(FunctionNode):
    __slots__ = ()

    def forward(self, inputs):
        self.retain_outputs((0,))
        return (1 / (1 + self.xp.exp(-inputs[0])),)

    def backward(self, indexes, grad_outputs):
        (y,) = self.get_retained_outputs()
        return (grad_outputs[0] * (y * (1 - y)),)


class _ReLU(FunctionNode):
    __slots__ = ()

    def forward(self, inputs):
        (x,) = inputs
        self.retain_outputs((0,))
        return (self.xp.where(x > 0, x, self.xp.zeros_like(x)),)

    def backward(self, indexes, grad_outputs):
        (y,) = self.get_retained_outputs()
        return (grad_outputs[0] * self.xp.astype(y.array > 0, y.dtype),)


class _Sum(FunctionNode):
    __slots__ = ("axis", "_shape")

    def __init__(self, axis):
        self.axis = axis

    def forward(self, inputs):
        (x,) = inputs
        self._shape = x.shape
        return (self.xp.sum(x, axis=self.axis, keepdims=True),)

    def backward(self, indexes, grad_outputs):
        return (F.broadcast_to(grad_outputs[0], self._shape),)


class _LogSumExp(FunctionNode):
    """Keeps the softmax as a constant: enough for one backward, not for double backprop."""

    __slots__ = ("axis", "_softmax")

    def __init__(self, axis):
        self.axis = axis

    def forward(self, inputs):
        (x,) = inputs
        xp = self.xp
        m = xp.max(x, axis=self.axis, keepdims=True)
        e = xp.exp(x - m)
        s = xp.sum(e, axis=self.axis, keepdims=True)
        self._softmax = e / s
        return (xp.log(s) + m,)

    def backward(self, indexes, grad_outputs):
        return (F.broadcast_to(grad_outputs[0], self._softmax.shape) * self._softmax,)


def _reduced(node: type[FunctionNode], x, axis) -> Variable:
    y = node(axis).apply((x,))[0]
    shape = tuple(n for i, n in enumerate(y.shape) if axis is not None and i != axis)
    return F.reshape(y, shape)


def _mean(x, axis=None):
    n = x.size if axis is None else x.shape[axis]
    return _reduced(_Sum, x, axis) * (1.0 / n)


_STANDINS = {
    "tanh": lambda x: _Tanh().apply((x,))[0],
    "sigmoid": lambda x: _Sigmoid().apply((x,))[0],
    "relu": lambda x: _ReLU().apply((x,))[0],
    "sum": lambda x, axis=None: _reduced(_Sum, x, axis),
    "mean": _mean,
    "logsumexp": lambda x, axis=None: _reduced(_LogSumExp, x, axis),
}
