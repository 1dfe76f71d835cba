"""The shared shape of piecewise-linear activations (leaky_relu, clipped_relu, ...)."""

from __future__ import annotations

from typing import Any

from ...variable import as_array
from ..math._unary import UnaryFloat


class PiecewiseLinear(UnaryFloat):
    """An activation made of straight pieces: ``f'(x)`` is a constant array of slopes.

    Backward is one product with that constant, so every second derivative is 0 and double
    backprop needs nothing more. Subclasses give ``compute`` and ``slopes``.
    """

    __slots__ = ()

    def slopes(self, xp: Any, x: Any) -> Any:
        """``f'(x)`` as a raw array of ``x``'s dtype."""
        raise NotImplementedError

    def derivative(self, x, gy):
        return gy * self.slopes(self.xp, as_array(x))
