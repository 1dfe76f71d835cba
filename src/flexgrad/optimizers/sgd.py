"""Plain stochastic gradient descent."""

from __future__ import annotations

from typing import Any

from ..optimizer import (
    NON_NEGATIVE,
    GradientMethod,
    Hyperparameter,
    HyperparameterProxy,
    UpdateRule,
    expect_hyperparams,
)

_default_hyperparam = Hyperparameter()
_default_hyperparam.lr = 0.01


class SGDRule(UpdateRule):
    """``param -= lr * grad``."""

    def __init__(self, parent_hyperparam: Hyperparameter | None = None,
                 lr: float | None = None) -> None:
        super().__init__(parent_hyperparam or _default_hyperparam, lr=lr)

    def update_core_array(self, xp: Any, array: Any, grad: Any) -> Any:
        return array - self.hyperparam.lr * grad

    def updates_rows(self) -> bool:
        return True  # untouched rows would not move: the dense update, bit for bit


class SGD(GradientMethod):
    """Vanilla stochastic gradient descent.

    >>> import numpy as np, flexgrad
    >>> model = flexgrad.Chain()
    >>> with model.init_scope():
    ...     model.p = flexgrad.Parameter(np.ones(2, dtype=np.float32))
    >>> opt = flexgrad.optimizers.SGD(lr=0.5).setup(model)
    >>> model.p.grad = np.array([1.0, -2.0], dtype=np.float32)
    >>> opt.update()
    >>> model.p.array
    array([0.5, 2. ], dtype=float32)
    """

    lr = HyperparameterProxy("lr")

    def __init__(self, lr: float = _default_hyperparam.lr) -> None:
        super().__init__()
        expect_hyperparams(self, lr=(lr, NON_NEGATIVE))
        self.hyperparam.lr = lr

    def create_update_rule(self) -> SGDRule:
        return SGDRule(self.hyperparam)
