"""AdaGrad (Duchi et al., 2011)."""

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
_default_hyperparam.lr = 0.001
_default_hyperparam.eps = 1e-8


class AdaGradRule(UpdateRule):
    """``h += g * g; param -= lr * g / (sqrt(h) + eps)``."""

    def __init__(self, parent_hyperparam: Hyperparameter | None = None,
                 lr: float | None = None, eps: float | None = None) -> None:
        super().__init__(parent_hyperparam or _default_hyperparam, lr=lr, eps=eps)

    def init_state(self, param: Any) -> None:
        self.state["h"] = self.zeros_like(param)

    def update_core_array(self, xp: Any, array: Any, grad: Any) -> Any:
        hp = self.hyperparam
        h = self.state["h"] = self.state["h"] + grad * grad
        return array - hp.lr * grad / (xp.sqrt(h) + hp.eps)


class AdaGrad(GradientMethod):
    """AdaGrad: per-element learning rates from the sum of squared gradients."""

    lr = HyperparameterProxy("lr")
    eps = HyperparameterProxy("eps")

    def __init__(self, lr: float = _default_hyperparam.lr,
                 eps: float = _default_hyperparam.eps) -> None:
        super().__init__()
        expect_hyperparams(self, lr=(lr, NON_NEGATIVE), eps=(eps, NON_NEGATIVE))
        self.hyperparam.lr = lr
        self.hyperparam.eps = eps

    def create_update_rule(self) -> AdaGradRule:
        return AdaGradRule(self.hyperparam)
