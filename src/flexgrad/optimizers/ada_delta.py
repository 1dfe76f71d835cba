"""AdaDelta (Zeiler, 2012)."""

from __future__ import annotations

from typing import Any

from ..optimizer import (
    DECAY,
    POSITIVE,
    GradientMethod,
    Hyperparameter,
    HyperparameterProxy,
    UpdateRule,
    expect_hyperparams,
)

_default_hyperparam = Hyperparameter()
_default_hyperparam.rho = 0.95
_default_hyperparam.eps = 1e-6


class AdaDeltaRule(UpdateRule):
    """Running means of squared gradients and squared steps set each step's size."""

    def __init__(self, parent_hyperparam: Hyperparameter | None = None,
                 rho: float | None = None, eps: float | None = None) -> None:
        super().__init__(parent_hyperparam or _default_hyperparam, rho=rho, eps=eps)

    def init_state(self, param: Any) -> None:
        self.state["msg"] = self.zeros_like(param)
        self.state["msdx"] = self.zeros_like(param)

    def update_core_array(self, xp: Any, array: Any, grad: Any) -> Any:
        rho, eps = self.hyperparam.rho, self.hyperparam.eps
        msg = self.state["msg"] = rho * self.state["msg"] + (1 - rho) * grad * grad
        dx = xp.sqrt((self.state["msdx"] + eps) / (msg + eps)) * grad
        self.state["msdx"] = rho * self.state["msdx"] + (1 - rho) * dx * dx
        return array - dx


class AdaDelta(GradientMethod):
    """AdaDelta: an adaptive step with no learning rate."""

    rho = HyperparameterProxy("rho")
    eps = HyperparameterProxy("eps")

    def __init__(self, rho: float = _default_hyperparam.rho,
                 eps: float = _default_hyperparam.eps) -> None:
        super().__init__()
        expect_hyperparams(self, rho=(rho, DECAY), eps=(eps, POSITIVE))
        self.hyperparam.rho = rho
        self.hyperparam.eps = eps

    def create_update_rule(self) -> AdaDeltaRule:
        return AdaDeltaRule(self.hyperparam)
