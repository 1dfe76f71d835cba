"""rrelu: the randomized leaky ReLU, its negative slopes drawn per element in training."""

from __future__ import annotations

from typing import Any

from ... import backends
from ...configuration import config
from ...errors import fail
from ...function_node import FunctionNode
from ...variable import Variable
from ..noise._noise import given_noise
from ._args import float_arg, real_arg


class RReLU(FunctionNode):
    """``x`` where ``x >= 0``, else ``r * x``: a product with the constant slope array
    ``where(x >= 0, 1, r)``, so backward is linear and differentiable again."""

    __slots__ = ("r", "_slope")

    def __init__(self, r: Any) -> None:
        self.r = r

    def forward(self, inputs):
        (x,) = inputs
        self._slope = self.xp.where(x >= 0, self.xp.ones_like(x), self.r)
        return (x * self._slope,)

    def backward(self, indexes, grad_outputs):
        return (grad_outputs[0] * self._slope,)


def rrelu(x: Variable | Any, l: float = 1.0 / 8, u: float = 1.0 / 3, *, r: Any = None,
          return_r: bool = False) -> Variable | tuple[Variable, Any]:
    """Leaky ReLU whose slope ``r`` for negative inputs is drawn, per element, uniformly
    from ``[l, u)`` in training (Xu et al., 2015), and is ``(l + u) / 2`` in test mode
    (unless ``r`` is given).

    The slopes come from the backend's seeded default generator on ``x``'s device (as
    dropout's masks), so ``flexgrad.set_seed`` reproduces them.

    Args:
        l, u: the range of the slopes, ``0 <= l < u``.
        r: slopes to use instead of drawing: an array of ``x``'s backend, shape and
            dtype, e.g. one returned by an earlier call with ``return_r=True``.
        return_r: also return the slopes used.

    >>> import numpy as np, flexgrad.functions as F, flexgrad
    >>> with flexgrad.using_config("train", False):
    ...     F.rrelu(np.array([-1.0, 2.0]), 0.1, 0.3).array
    array([-0.2,  2. ])
    """
    data = float_arg("rrelu", "x", x)
    low, high = real_arg("rrelu", "l", l), real_arg("rrelu", "u", u)
    if not 0.0 <= low < high:
        fail("rrelu", "u", f"a number above l = {low} >= 0", f"{high!r}")
    backend = backends.backend_of(data)
    if r is not None:
        r = given_noise("rrelu", "r", r, data)
    elif config.train:
        generator = backend.default_generator(backend.device_of(data))
        r = generator.uniform(low, high, tuple(data.shape), data.dtype)
    else:
        r = backend.xp.full_like(data, 0.5 * (low + high))
    y = RReLU(r).apply((x,))[0]
    return (y, r) if return_r else y
