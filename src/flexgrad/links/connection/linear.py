"""Linear: the fully connected layer."""

from __future__ import annotations

from math import prod
from typing import Any

from ...functions.connection.linear import linear
from ...link import Link
from ...variable import Parameter, Variable
from .. import _params


class Linear(Link):
    """Fully connected layer: ``y = x W^T + b`` (see :func:`flexgrad.functions.linear`).

    Args:
        in_size: input features, or None to take them from the first input (on that
            input's device). ``Linear(out_size)`` alone means ``in_size=None``.
        out_size: output features.
        nobias: when True the link has no bias ``b``.
        initialW: initializer of ``W`` (out_size, in_size); LeCunNormal when None.
        initial_bias: initializer of ``b`` (out_size,); zeros when None.

    >>> import numpy as np, flexgrad.links as L
    >>> layer = L.Linear(3, 2, initialW=1.0)
    >>> layer(np.ones((1, 3), dtype=np.float32)).array
    array([[3., 3.]], dtype=float32)
    """

    def __init__(self, in_size: int | None, out_size: int | None = None, nobias: bool = False,
                 initialW: Any = None, initial_bias: Any = None) -> None:
        super().__init__()
        if out_size is None:
            in_size, out_size = None, in_size
        in_size = _params.size(self, "in_size", in_size, lazy=True)
        out_size = _params.size(self, "out_size", out_size)
        self.in_size, self.out_size = in_size, out_size
        with self.init_scope():
            self.W = Parameter(_params.weight(initialW))
            if in_size is not None:
                self.W.initialize((out_size, in_size))
            self.b = None if nobias else Parameter(_params.bias(initial_bias), out_size)

    def _lazy_shape(self, name: str) -> tuple[int | None, ...] | None:
        return (self.out_size, None) if name == "W" else None

    def forward(self, x: Variable | Any, n_batch_axes: int = 1) -> Variable:
        """``x W^T + b`` over the axes after the first ``n_batch_axes``."""
        if self.W.array is None:  # not is_initialized: a hook may put a Variable here
            in_size = prod(x.shape[n_batch_axes:])
            _params.initialize_on(self, self.W, (self.out_size, in_size), x)
        return linear(x, self.W, self.b, n_batch_axes=n_batch_axes)
