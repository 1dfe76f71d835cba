"""Dropout: zero random elements in training and scale the rest to keep the mean."""

from __future__ import annotations

from typing import Any

from ...configuration import config
from ...errors import expect_float, fail
from ...function_node import FunctionNode
from ...variable import Variable, as_variable
from ..activation._args import float_arg, real_arg
from ._noise import given_noise


class Dropout(FunctionNode):
    """``x * mask``, the mask holding 0 (dropped) or ``1 / (1 - ratio)`` (kept).

    Without a mask given, forward draws one from the backend's default generator (lazily
    on Dask, in the chunks of ``x``). Backward multiplies by the same mask, a constant, so
    it is linear and differentiable again.
    """

    __slots__ = ("ratio", "mask")

    def __init__(self, ratio: float, mask: Any = None) -> None:
        self.ratio = ratio
        self.mask = mask

    def forward(self, inputs):
        (x,) = inputs
        expect_float("dropout", "x", x, self.backend)
        if self.mask is None:
            xp = self.xp
            generator = self.backend.default_generator(self.backend.device_of(x))
            u = generator.uniform_like(0.0, 1.0, x)
            self.mask = xp.astype(u >= self.ratio, x.dtype) * (1.0 / (1.0 - self.ratio))
        return (x * self.mask,)

    def backward(self, indexes, grad_outputs):
        return (grad_outputs[0] * self.mask,)




def dropout(x: Variable | Any, ratio: float = 0.5, *, mask: Any = None,
            return_mask: bool = False) -> Variable | tuple[Variable, Any]:
    """Zero each element with probability ``ratio`` and scale the others by
    ``1 / (1 - ratio)``; in test mode (``flexgrad.config.train`` False) return ``x``.

    Args:
        ratio: the drop probability, ``0 <= ratio < 1``.
        mask: the mask to use instead of a random one (``ratio`` is then ignored): an array
            of ``x``'s backend, shape and dtype holding 0 or the scale, e.g. one returned
            by an earlier call with ``return_mask=True``.
        return_mask: also return the mask used (None in test mode).

    Returns:
        The output Variable, or ``(y, mask)`` with ``return_mask``.

    >>> import numpy as np, flexgrad.functions as F
    >>> y, mask = F.dropout(np.ones((2, 3)), 0.5, return_mask=True)
    >>> bool(np.all((y.array == 0) | (y.array == 2))), bool(np.all(mask == y.array))
    (True, True)
    """
    ratio = real_arg("dropout", "ratio", ratio)
    if not 0.0 <= ratio < 1.0:
        fail("dropout", "ratio", "a number in [0, 1)", f"{ratio!r}")
    data = float_arg("dropout", "x", x)
    if mask is not None:
        mask = given_noise("dropout", "mask", mask, data)
    if not config.train:
        y = as_variable(x)
        return (y, None) if return_mask else y
    node = Dropout(ratio, mask)
    y = node.apply((x,))[0]
    return (y, node.mask) if return_mask else y
