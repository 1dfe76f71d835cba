"""Nesterov's accelerated gradient, in Chainer's formulation."""

from __future__ import annotations

from typing import Any

from ..optimizer import (
    DECAY,
    NON_NEGATIVE,
    GradientMethod,
    HyperparameterProxy,
    expect_hyperparams,
)
from .momentum_sgd import MomentumSGDRule
from .momentum_sgd import _default_hyperparam as _default_hyperparam


class NesterovAGRule(MomentumSGDRule):
    """``v = mu * v - lr * g; param += mu * mu * v - (1 + mu) * lr * g``; the same
    hyperparameters and velocity state as momentum SGD."""

    def update_core_array(self, xp: Any, array: Any, grad: Any) -> Any:
        lr, mu = self.hyperparam.lr, self.hyperparam.momentum
        v = self.state["v"] = mu * self.state["v"] - lr * grad
        return array + mu * mu * v - (1 + mu) * lr * grad


class NesterovAG(GradientMethod):
    """Nesterov's accelerated gradient (Sutskever et al., 2013)."""

    lr = HyperparameterProxy("lr")
    momentum = HyperparameterProxy("momentum")

    def __init__(self, lr: float = _default_hyperparam.lr,
                 momentum: float = _default_hyperparam.momentum) -> None:
        super().__init__()
        expect_hyperparams(self, lr=(lr, NON_NEGATIVE), momentum=(momentum, DECAY))
        self.hyperparam.lr = lr
        self.hyperparam.momentum = momentum

    def create_update_rule(self) -> NesterovAGRule:
        return NesterovAGRule(self.hyperparam)
