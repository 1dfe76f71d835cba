"""Exponential linear units: elu and its self-normalizing scaling, selu."""

from __future__ import annotations

from typing import Any

from ...errors import expect_float
from ...function_node import FunctionNode
from ...variable import Variable
from ..math.select import where
from ._args import float_arg, real_arg

# Klambauer et al. (2017): the fixed point of mean 0 and variance 1
SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


class ELU(FunctionNode):
    """``x`` where ``x > 0``, else ``alpha * (exp(x) - 1)`` (both are 0 at 0).

    Keeps ``y`` and a bool mask of ``x <= 0``: there the derivative is ``y + alpha``, a
    function of the output, so backward is differentiable again through ``y``. At 0 that
    is ``alpha``, the left slope, as in Chainer.
    """

    __slots__ = ("alpha", "_nonpositive")

    def __init__(self, alpha: float) -> None:
        self.alpha = alpha

    def forward(self, inputs):
        (x,) = inputs
        xp = self.xp
        expect_float("elu", "x", x, self.backend)
        nonpositive = self._nonpositive = x <= 0
        self.retain_outputs((0,))
        # expm1 of min(x, 0): no overflow where the branch is not taken
        return (xp.where(nonpositive, xp.expm1(xp.minimum(x, 0)) * self.alpha, x),)

    def backward(self, indexes, grad_outputs):
        (y,) = self.get_retained_outputs()
        (gy,) = grad_outputs
        return (where(self._nonpositive, gy * (y + self.alpha), gy),)


def elu(x: Variable | Any, alpha: float = 1.0) -> Variable:
    """Elementwise exponential linear unit: ``x`` for ``x >= 0``, ``alpha * (exp(x) - 1)``
    below.

    The gradient at 0 is ``alpha`` (Chainer's convention; see the README's "Gradients at
    ties and kinks").

    >>> import numpy as np, flexgrad.functions as F
    >>> F.elu(np.array([-1.0, 0.0, 2.0])).array
    array([-0.63212056,  0.        ,  2.        ])
    """
    return ELU(real_arg("elu", "alpha", alpha)).apply((x,))[0]


def selu(x: Variable | Any, alpha: float = SELU_ALPHA, scale: float = SELU_SCALE) -> Variable:
    """Elementwise scaled ELU ``scale * elu(x, alpha)``; the defaults self-normalize.

    A composite of :func:`elu` and a product: it has no backward of its own.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.selu(np.array([-1.0, 0.0, 1.0])).array
    array([-1.11133074,  0.        ,  1.05070099])
    """
    float_arg("selu", "x", x)
    node = ELU(real_arg("selu", "alpha", alpha))
    return node.apply((x,))[0] * real_arg("selu", "scale", scale)
