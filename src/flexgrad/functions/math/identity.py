"""identity: its inputs, unchanged, as new Variables of the graph."""

from __future__ import annotations

from typing import Any

from ...errors import fail
from ...function_node import FunctionNode
from ...variable import Variable


class Identity(FunctionNode):
    """Every input passed through; each gradient passes back."""

    __slots__ = ()

    def forward(self, inputs):
        return inputs

    def backward(self, indexes, grad_outputs):
        return tuple(grad_outputs[i] for i in indexes)


def identity(*inputs: Variable | Any) -> Variable | tuple[Variable, ...]:
    """The inputs unchanged: one Variable for one input, else a tuple.

    Useful to give a value a node of its own in the graph (hooks, drawing).

    >>> import numpy as np, flexgrad.functions as F
    >>> F.identity(np.array([1.0, 2.0])).array
    array([1., 2.])
    """
    if not inputs:
        fail("identity", "inputs", "at least one Variable or array", "none")
    ys = Identity().apply(inputs)
    return ys[0] if len(ys) == 1 else ys
