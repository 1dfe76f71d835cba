"""The shared shape of elementwise ops on one float array: check, compute, keep x or y."""

from __future__ import annotations

from typing import Any

from ...errors import expect_float
from ...function_node import FunctionNode
from ...variable import Variable


class UnaryFloat(FunctionNode):
    """``y = f(x)`` for a real floating ``x``; subclasses give ``name`` and ``derivative``.

    ``name`` is both the public function's name (for errors) and, unless ``compute`` is
    overridden, the Array API function that computes ``f``. Backward keeps ``y`` when
    ``uses_output`` is set, else ``x``, and passes that Variable to ``derivative``.
    """

    __slots__ = ()
    name = ""
    uses_output = False

    def compute(self, xp: Any, x: Any) -> Any:
        return getattr(xp, self.name)(x)

    def derivative(self, kept: Variable, gy: Variable) -> Variable:
        """``gy * f'(x)``, written with flexgrad functions of ``kept`` (x or y)."""
        raise NotImplementedError

    def forward(self, inputs):
        (x,) = inputs
        expect_float(self.name, "x", x, self.backend)
        if self.uses_output:
            self.retain_outputs((0,))
        else:
            self.retain_inputs((0,))
        return (self.compute(self.xp, x),)

    def backward(self, indexes, grad_outputs):
        if self.uses_output:
            (kept,) = self.get_retained_outputs()
        else:
            (kept,) = self.get_retained_inputs()
        return (self.derivative(kept, grad_outputs[0]),)
