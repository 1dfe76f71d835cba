"""WeightDecay (L2) and Lasso (L1): add the penalty's gradient to each parameter's."""

from __future__ import annotations

from typing import Any


class WeightDecay:
    """Adds ``rate * param`` to each gradient (L2 regularization).

    Args:
        rate: the coefficient of the penalty.

    >>> import numpy as np, flexgrad
    >>> model = flexgrad.Chain()
    >>> with model.init_scope():
    ...     model.w = flexgrad.Parameter(np.ones(2, dtype=np.float32))
    >>> opt = flexgrad.optimizers.SGD(lr=1.0).setup(model)
    >>> opt.add_hook(flexgrad.optimizer_hooks.WeightDecay(0.25))
    >>> model.w.grad = np.zeros(2, dtype=np.float32)
    >>> opt.update()
    >>> model.w.array
    array([0.75, 0.75], dtype=float32)
    """

    name = "WeightDecay"
    call_for_each_param = True
    timing = "pre"

    def __init__(self, rate: float) -> None:
        self.rate = rate

    def penalty_grad(self, xp: Any, array: Any) -> Any:
        return self.rate * array

    def __call__(self, rule: Any, param: Any) -> None:
        array, grad = param.array, param.grad
        if array is None or grad is None:
            return
        param.grad = grad + self.penalty_grad(param.device.backend.xp, array)


class Lasso(WeightDecay):
    """Adds ``rate * sign(param)`` to each gradient (L1 regularization)."""

    name = "Lasso"

    def penalty_grad(self, xp: Any, array: Any) -> Any:
        return self.rate * xp.sign(array)
