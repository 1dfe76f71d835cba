"""Bias and Scale: a learned (or given) shift and scale broadcast from an axis."""

from __future__ import annotations

from typing import Any

from ...functions.math.bias_scale import bias, scale
from ...link import Chain, Link
from ...variable import Parameter, Variable


class Bias(Link):
    """``x + b`` with ``b`` broadcast from ``axis`` (see :func:`flexgrad.functions.bias`).

    Args:
        axis: the first axis of ``x`` that ``b`` covers.
        shape: the shape of the learned ``b`` (zeros); None means ``b`` comes as the
            second argument of each call.

    >>> import numpy as np, flexgrad.links as L
    >>> L.Bias(shape=(2,))(np.ones((1, 2), np.float32)).array
    array([[1., 1.]], dtype=float32)
    """

    def __init__(self, axis: int = 1, shape: Any = None) -> None:
        super().__init__()
        self.axis = axis
        if shape is not None:
            with self.init_scope():
                self.b = Parameter(0, shape)

    def forward(self, *xs: Variable | Any) -> Variable:
        """``x + b`` for ``(x,)``, or ``x + y`` for ``(x, y)`` when ``b`` is not learned."""
        b = getattr(self, "b", None)
        return bias(xs[0], xs[1] if b is None else b, self.axis)


class Scale(Chain):
    """``x * W`` (and ``+ b``) with ``W`` broadcast from ``axis``
    (see :func:`flexgrad.functions.scale`).

    Args:
        axis: the first axis of ``x`` that ``W`` covers.
        W_shape: the shape of the learned ``W`` (ones); None means ``W`` comes as the
            second argument of each call.
        bias_term: whether to add a learned bias, the child link ``bias``.
        bias_shape: the bias's shape when ``W_shape`` is None.

    >>> import numpy as np, flexgrad.links as L
    >>> L.Scale(W_shape=(2,), bias_term=True)(np.full((1, 2), 3, np.float32)).array
    array([[3., 3.]], dtype=float32)
    """

    def __init__(self, axis: int = 1, W_shape: Any = None, bias_term: bool = False,
                 bias_shape: Any = None) -> None:
        super().__init__()
        self.axis = axis
        self.bias = None
        with self.init_scope():
            if W_shape is not None:
                self.W = Parameter(1, W_shape)
            if bias_term:
                self.bias = Bias(axis, W_shape if W_shape is not None else bias_shape)

    def forward(self, *xs: Variable | Any) -> Variable:
        """``x * W`` for ``(x,)``, or ``x * y`` for ``(x, y)`` when ``W`` is not learned;
        then the bias, if any."""
        W = getattr(self, "W", None)
        y = scale(xs[0], xs[1] if W is None else W, self.axis)
        return y if self.bias is None else self.bias(y)
