"""The shared shape of elementwise ops on one float array: check, compute, keep x or y."""

from __future__ import annotations

from typing import Any

from ...configuration import config
from ...errors import expect_float
from ...function_node import FunctionNode
from ...variable import Variable, _new_constant


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

    def derivative(self, kept: Any, gy: Any) -> Any:
        """``gy * f'(x)`` from ``kept`` (x or y); both are Variables when double backprop
        records a graph and raw arrays otherwise, so write it with operators and flexgrad
        functions, which accept either. Put a flexgrad function's result to the left of a
        raw array (``cos(x) * gy``): some libraries' arrays refuse a Variable operand."""
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
        (gy,) = grad_outputs
        if config.enable_backprop:  # double backprop: the derivative records its graph
            retained = self.get_retained_outputs if self.uses_output else self.get_retained_inputs
            return (self.derivative(retained()[0], gy),)
        # No graph is recorded: the same derivative runs on the raw arrays, with no nodes.
        (kept,) = self.get_retained_arrays(self.uses_output)
        g = self.derivative(kept, gy._data)
        if isinstance(g, Variable):
            return (g,)
        backend = self.backend
        return (_new_constant(g if type(g) is backend.array_type else backend.as_array(g)),)
