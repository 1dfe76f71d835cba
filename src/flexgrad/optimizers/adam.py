"""Adam (Kingma and Ba, 2015) and its variants AdamW, AMSGrad, AdaBound and AMSBound."""

from __future__ import annotations

import math
from typing import Any

from ..errors import InvalidValueError
from ..optimizer import (
    DECAY,
    NON_NEGATIVE,
    POSITIVE,
    GradientMethod,
    Hyperparameter,
    HyperparameterProxy,
    UpdateRule,
    expect_hyperparams,
)

_default_hyperparam = Hyperparameter()
_default_hyperparam.alpha = 0.001
_default_hyperparam.beta1 = 0.9
_default_hyperparam.beta2 = 0.999
_default_hyperparam.eps = 1e-8
_default_hyperparam.eta = 1.0
_default_hyperparam.weight_decay_rate = 0
_default_hyperparam.amsgrad = False
_default_hyperparam.adabound = False
_default_hyperparam.final_lr = 0.1
_default_hyperparam.gamma = 1e-3
_default_hyperparam.lazy_rows = False

_NAMES = ("alpha", "beta1", "beta2", "eps", "eta", "weight_decay_rate", "amsgrad",
          "adabound", "final_lr", "gamma", "lazy_rows")


def _alpha_t(hp: Hyperparameter, t: int) -> float:
    """The bias-corrected step size ``alpha * sqrt(1 - beta2^t) / (1 - beta1^t)``."""
    if t == 0:
        raise InvalidValueError("flexgrad.optimizers.Adam: the learning rate (alpha_t, lr) "
                                "is defined from the first update on; t is still 0")
    return hp.alpha * math.sqrt(1.0 - hp.beta2 ** t) / (1.0 - hp.beta1 ** t)


class AdamRule(UpdateRule):
    """Adam's step, with the AMSGrad, AdaBound and decoupled weight decay options.

    ``m += (1 - beta1) * (g - m); v += (1 - beta2) * (g * g - v)``, then
    ``param -= eta * (alpha_t * m / (sqrt(v) + eps) + weight_decay_rate * param)``; with
    ``amsgrad`` the running maximum of ``v`` replaces ``v``; with ``adabound`` the step
    ``alpha_t / (sqrt(v) + eps)`` is clipped to bounds that close in on ``final_lr``.
    """

    def __init__(self, parent_hyperparam: Hyperparameter | None = None,
                 **hyperparams: Any) -> None:
        super().__init__(parent_hyperparam or _default_hyperparam, **hyperparams)
        self.initial_alpha: float | None = None

    def init_state(self, param: Any) -> None:
        self.state["m"] = self.zeros_like(param)
        self.state["v"] = self.zeros_like(param)
        if self.hyperparam.amsgrad:
            self.state["vhat"] = self.zeros_like(param)
        self.initial_alpha = self.hyperparam.alpha

    @property
    def alpha_t(self) -> float:
        return _alpha_t(self.hyperparam, self.t)

    lr = alpha_t

    def update_core_array(self, xp: Any, array: Any, grad: Any) -> Any:
        hp, state = self.hyperparam, self.state
        m = state["m"] = state["m"] + (1 - hp.beta1) * (grad - state["m"])
        v = state["v"] = state["v"] + (1 - hp.beta2) * (grad * grad - state["v"])
        if hp.amsgrad:
            v = state["vhat"] = xp.maximum(state["vhat"], v)
        step = self.alpha_t / (xp.sqrt(v) + hp.eps)
        if hp.adabound:
            final_lr = hp.final_lr * hp.alpha / self.initial_alpha
            lower = final_lr * (1.0 - 1.0 / (hp.gamma * self.t + 1))
            upper = final_lr * (1.0 + 1.0 / (hp.gamma * self.t))
            step = xp.clip(step, lower, upper)
        return array - hp.eta * (step * m + hp.weight_decay_rate * array)

    def updates_rows(self) -> bool:
        return bool(self.hyperparam.lazy_rows)


class Adam(GradientMethod):
    """Adam; ``weight_decay_rate`` gives AdamW, ``amsgrad`` AMSGrad, ``adabound`` AdaBound.

    ``lazy_rows=True`` is PyTorch's SparseAdam: an embedding's row-sparse gradient updates
    the moments and values of the rows it touches only (the bias correction still counts
    every step), so a step costs the batch's rows, not the vocabulary's.

    >>> import numpy as np, flexgrad
    >>> model = flexgrad.Chain()
    >>> with model.init_scope():
    ...     model.w = flexgrad.Parameter(np.zeros(2, dtype=np.float32))
    >>> opt = flexgrad.optimizers.Adam(alpha=0.1).setup(model)
    >>> model.w.grad = np.array([3.0, -0.5], dtype=np.float32)
    >>> opt.update()
    >>> model.w.array.round(4)  # the first step moves each element by about alpha
    array([-0.1,  0.1], dtype=float32)
    >>> model.w.update_rule.hyperparam.alpha = 0.0  # this parameter alone stops moving
    """

    alpha = HyperparameterProxy("alpha")
    beta1 = HyperparameterProxy("beta1")
    beta2 = HyperparameterProxy("beta2")
    eps = HyperparameterProxy("eps")
    eta = HyperparameterProxy("eta")
    weight_decay_rate = HyperparameterProxy("weight_decay_rate")
    amsgrad = HyperparameterProxy("amsgrad")
    adabound = HyperparameterProxy("adabound")
    final_lr = HyperparameterProxy("final_lr")
    gamma = HyperparameterProxy("gamma")
    lazy_rows = HyperparameterProxy("lazy_rows")

    def __init__(self, alpha: float = _default_hyperparam.alpha,
                 beta1: float = _default_hyperparam.beta1,
                 beta2: float = _default_hyperparam.beta2,
                 eps: float = _default_hyperparam.eps,
                 eta: float = _default_hyperparam.eta,
                 weight_decay_rate: float = _default_hyperparam.weight_decay_rate,
                 amsgrad: bool = _default_hyperparam.amsgrad,
                 adabound: bool = _default_hyperparam.adabound,
                 final_lr: float = _default_hyperparam.final_lr,
                 gamma: float = _default_hyperparam.gamma,
                 lazy_rows: bool = _default_hyperparam.lazy_rows) -> None:
        super().__init__()
        expect_hyperparams(self, alpha=(alpha, NON_NEGATIVE), beta1=(beta1, DECAY),
                           beta2=(beta2, DECAY), eps=(eps, NON_NEGATIVE),
                           eta=(eta, NON_NEGATIVE),
                           weight_decay_rate=(weight_decay_rate, NON_NEGATIVE),
                           final_lr=(final_lr, NON_NEGATIVE), gamma=(gamma, POSITIVE))
        values = (alpha, beta1, beta2, eps, eta, weight_decay_rate, amsgrad, adabound,
                  final_lr, gamma, lazy_rows)
        for name, value in zip(_NAMES, values, strict=True):
            setattr(self.hyperparam, name, value)

    def create_update_rule(self) -> AdamRule:
        return AdamRule(self.hyperparam)

    @property
    def alpha_t(self) -> float:
        """The bias-corrected step size at the optimizer's ``t``."""
        return _alpha_t(self.hyperparam, self.t)

    lr = alpha_t


class AdamW(Adam):
    """Adam with decoupled weight decay (Loshchilov and Hutter)."""

    def __init__(self, alpha: float = 0.001, beta1: float = 0.9, beta2: float = 0.999,
                 eps: float = 1e-8, eta: float = 1.0, weight_decay_rate: float = 0) -> None:
        super().__init__(alpha, beta1, beta2, eps, eta, weight_decay_rate)


class AMSGrad(Adam):
    """Adam with the running maximum of the second moment (Reddi et al.)."""

    def __init__(self, alpha: float = 0.001, beta1: float = 0.9, beta2: float = 0.999,
                 eps: float = 1e-8, eta: float = 1.0, weight_decay_rate: float = 0) -> None:
        super().__init__(alpha, beta1, beta2, eps, eta, weight_decay_rate, amsgrad=True)


class AdaBound(Adam):
    """Adam whose step is clipped to bounds converging on ``final_lr`` (Luo et al.)."""

    def __init__(self, alpha: float = 0.001, beta1: float = 0.9, beta2: float = 0.999,
                 final_lr: float = 0.1, gamma: float = 1e-3, eps: float = 1e-8,
                 eta: float = 1.0, amsgrad: bool = False) -> None:
        super().__init__(alpha, beta1, beta2, eps, eta, amsgrad=amsgrad, adabound=True,
                         final_lr=final_lr, gamma=gamma)


class AMSBound(AdaBound):
    """AdaBound with AMSGrad's running maximum."""

    def __init__(self, alpha: float = 0.001, beta1: float = 0.9, beta2: float = 0.999,
                 final_lr: float = 0.1, gamma: float = 1e-3, eps: float = 1e-8,
                 eta: float = 1.0) -> None:
        super().__init__(alpha, beta1, beta2, final_lr, gamma, eps, eta, amsgrad=True)
