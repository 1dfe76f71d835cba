"""The shared shape of mean_squared_error and mean_absolute_error: mean of f(x0 - x1)."""

from __future__ import annotations

import math
from typing import Any

from ...function_node import FunctionNode
from ...variable import Variable
from ._args import check_pair


class MeanError(FunctionNode):
    """``mean(f(x0 - x1))`` over every element; subclasses give ``name``, ``f`` on arrays
    and its derivative on Variables (so the gradient is differentiable again)."""

    __slots__ = ()
    name = ""

    def f(self, diff: Any) -> Any:
        raise NotImplementedError

    def slope(self, diff: Variable) -> Variable | Any:
        """``f'(diff)``, a Variable of ``diff`` or a constant array."""
        raise NotImplementedError

    def forward(self, inputs):
        x0, x1 = inputs
        check_pair(self.name, ("x0", "x1"), x0, x1, self.backend)
        self.retain_inputs((0, 1))
        return (self.xp.mean(self.f(x0 - x1)),)

    def backward(self, indexes, grad_outputs):
        x0, x1 = self.get_retained_inputs()
        diff = x0 - x1
        g0 = grad_outputs[0] * (1.0 / max(math.prod(diff.shape), 1)) * self.slope(diff)
        return tuple(g0 if i == 0 else -g0 for i in indexes)
