"""RMSprop (Tieleman and Hinton) and Graves' variant with momentum."""

from __future__ import annotations

from typing import Any

from ..optimizer import (
    DECAY,
    NON_NEGATIVE,
    GradientMethod,
    Hyperparameter,
    HyperparameterProxy,
    UpdateRule,
    expect_hyperparams,
)

_default_hyperparam = Hyperparameter()
_default_hyperparam.lr = 0.01
_default_hyperparam.alpha = 0.99
_default_hyperparam.eps = 1e-8
_default_hyperparam.eps_inside_sqrt = False

_graves_hyperparam = Hyperparameter()
_graves_hyperparam.lr = 1e-4
_graves_hyperparam.alpha = 0.95
_graves_hyperparam.momentum = 0.9
_graves_hyperparam.eps = 1e-4


class RMSpropRule(UpdateRule):
    """``ms = alpha * ms + (1 - alpha) * g * g; param -= lr * g / (sqrt(ms) + eps)``."""

    def __init__(self, parent_hyperparam: Hyperparameter | None = None,
                 lr: float | None = None, alpha: float | None = None,
                 eps: float | None = None, eps_inside_sqrt: bool | None = None) -> None:
        super().__init__(parent_hyperparam or _default_hyperparam, lr=lr, alpha=alpha,
                         eps=eps, eps_inside_sqrt=eps_inside_sqrt)

    def init_state(self, param: Any) -> None:
        self.state["ms"] = self.zeros_like(param)

    def update_core_array(self, xp: Any, array: Any, grad: Any) -> Any:
        hp = self.hyperparam
        ms = self.state["ms"] = hp.alpha * self.state["ms"] + (1 - hp.alpha) * grad * grad
        denom = xp.sqrt(ms + hp.eps) if hp.eps_inside_sqrt else xp.sqrt(ms) + hp.eps
        return array - hp.lr * grad / denom


class RMSpropGravesRule(UpdateRule):
    """Graves (2013): centred second moment and a momentum term ``delta``."""

    def __init__(self, parent_hyperparam: Hyperparameter | None = None,
                 lr: float | None = None, alpha: float | None = None,
                 momentum: float | None = None, eps: float | None = None) -> None:
        super().__init__(parent_hyperparam or _graves_hyperparam, lr=lr, alpha=alpha,
                         momentum=momentum, eps=eps)

    def init_state(self, param: Any) -> None:
        for key in ("ms", "n", "delta"):
            self.state[key] = self.zeros_like(param)

    def update_core_array(self, xp: Any, array: Any, grad: Any) -> Any:
        hp, state = self.hyperparam, self.state
        ms = state["ms"] = hp.alpha * state["ms"] + (1 - hp.alpha) * grad * grad
        n = state["n"] = hp.alpha * state["n"] + (1 - hp.alpha) * grad
        delta = hp.momentum * state["delta"] - hp.lr * grad / xp.sqrt(ms - n * n + hp.eps)
        state["delta"] = delta
        return array + delta


class RMSprop(GradientMethod):
    """RMSprop; ``eps_inside_sqrt=True`` puts ``eps`` under the square root."""

    lr = HyperparameterProxy("lr")
    alpha = HyperparameterProxy("alpha")
    eps = HyperparameterProxy("eps")
    eps_inside_sqrt = HyperparameterProxy("eps_inside_sqrt")

    def __init__(self, lr: float = _default_hyperparam.lr,
                 alpha: float = _default_hyperparam.alpha, eps: float = _default_hyperparam.eps,
                 eps_inside_sqrt: bool = _default_hyperparam.eps_inside_sqrt) -> None:
        super().__init__()
        expect_hyperparams(self, lr=(lr, NON_NEGATIVE), alpha=(alpha, DECAY),
                           eps=(eps, NON_NEGATIVE))
        self.hyperparam.lr = lr
        self.hyperparam.alpha = alpha
        self.hyperparam.eps = eps
        self.hyperparam.eps_inside_sqrt = eps_inside_sqrt

    def create_update_rule(self) -> RMSpropRule:
        return RMSpropRule(self.hyperparam)


class RMSpropGraves(GradientMethod):
    """Alex Graves' RMSprop with momentum."""

    lr = HyperparameterProxy("lr")
    alpha = HyperparameterProxy("alpha")
    momentum = HyperparameterProxy("momentum")
    eps = HyperparameterProxy("eps")

    def __init__(self, lr: float = _graves_hyperparam.lr,
                 alpha: float = _graves_hyperparam.alpha,
                 momentum: float = _graves_hyperparam.momentum,
                 eps: float = _graves_hyperparam.eps) -> None:
        super().__init__()
        expect_hyperparams(self, lr=(lr, NON_NEGATIVE), alpha=(alpha, DECAY),
                           momentum=(momentum, DECAY), eps=(eps, NON_NEGATIVE))
        self.hyperparam.lr = lr
        self.hyperparam.alpha = alpha
        self.hyperparam.momentum = momentum
        self.hyperparam.eps = eps

    def create_update_rule(self) -> RMSpropGravesRule:
        return RMSpropGravesRule(self.hyperparam)
