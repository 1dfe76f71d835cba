"""Swish: the swish activation with its ``beta`` learned."""

from __future__ import annotations

from typing import Any

from ...functions.activation.swish import swish
from ...link import Link
from ...variable import Parameter, Variable
from .. import _params


class Swish(Link):
    """``x * sigmoid(beta * x)`` (see :func:`flexgrad.functions.swish`) with parameter
    ``beta``.

    Args:
        beta_shape: the shape of ``beta``, matching ``x``'s axes from axis 1; None takes
            ``x.shape[1:]`` from the first input.
        beta_init: the initial value of every ``beta`` (a scalar or an initializer).

    >>> import numpy as np, flexgrad.links as L
    >>> L.Swish(())(np.array([[-1.0, 0.0, 2.0]], np.float32)).array.round(3)
    array([[-0.269,  0.   ,  1.762]], dtype=float32)
    """

    def __init__(self, beta_shape: Any, beta_init: Any = 1.0) -> None:
        super().__init__()
        with self.init_scope():
            self.beta = Parameter(beta_init, beta_shape)

    def forward(self, x: Variable | Any) -> Variable:
        """Swish of ``x`` (B, ...), one ``beta`` per element of its leading axes."""
        if not self.beta.is_initialized:
            _params.initialize_on(self, self.beta, tuple(x.shape[1:]), x)
        return swish(x, self.beta)
