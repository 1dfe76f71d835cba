"""PReLU: a leaky ReLU whose slope is learned."""

from __future__ import annotations

from typing import Any

from ...functions.activation.prelu import prelu
from ...link import Link
from ...variable import Parameter, Variable


class PReLU(Link):
    """Parametric ReLU (see :func:`flexgrad.functions.prelu`) with slope parameter ``W``.

    Args:
        shape: the shape of ``W``, matching ``x``'s axes from axis 1; () for one slope.
        init: the initial slope.

    >>> import numpy as np, flexgrad.links as L
    >>> L.PReLU()(np.array([-2.0, 2.0], np.float32)).array
    array([-0.5,  2. ], dtype=float32)
    """

    def __init__(self, shape: Any = (), init: Any = 0.25) -> None:
        super().__init__()
        with self.init_scope():
            self.W = Parameter(init, shape)

    def forward(self, x: Variable | Any) -> Variable:
        """``x`` where positive, ``W * x`` elsewhere."""
        return prelu(x, self.W)
