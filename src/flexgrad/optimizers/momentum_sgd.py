"""Momentum SGD, in Chainer's form and in the corrected (PyTorch-style) form."""

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
_default_hyperparam.momentum = 0.9
_default_hyperparam.lazy_rows = False


class MomentumSGDRule(UpdateRule):
    """``v = momentum * v - lr * grad; param += v``."""

    def __init__(self, parent_hyperparam: Hyperparameter | None = None,
                 lr: float | None = None, momentum: float | None = None) -> None:
        super().__init__(parent_hyperparam or _default_hyperparam, lr=lr, momentum=momentum)

    def init_state(self, param: Any) -> None:
        self.state["v"] = self.zeros_like(param)

    def update_core_array(self, xp: Any, array: Any, grad: Any) -> Any:
        hp = self.hyperparam
        v = self.state["v"] = hp.momentum * self.state["v"] - hp.lr * grad
        return array + v

    def updates_rows(self) -> bool:
        return bool(getattr(self.hyperparam, "lazy_rows", False))  # NesterovAG has none


class CorrectedMomentumSGDRule(MomentumSGDRule):
    """``v = momentum * v + grad; param -= lr * v`` (a learning-rate change acts at once)."""

    def update_core_array(self, xp: Any, array: Any, grad: Any) -> Any:
        hp = self.hyperparam
        v = self.state["v"] = hp.momentum * self.state["v"] + grad
        return array - hp.lr * v


class MomentumSGD(GradientMethod):
    """Momentum SGD: ``v = momentum * v - lr * grad; param += v``.

    ``lazy_rows=True``: an embedding's row-sparse gradient updates only the rows it
    touches, velocity included (other rows neither decay nor move, unlike the dense
    update), so a step costs the batch's rows, not the vocabulary's.
    """

    lr = HyperparameterProxy("lr")
    momentum = HyperparameterProxy("momentum")
    lazy_rows = HyperparameterProxy("lazy_rows")
    rule_class: type[MomentumSGDRule] = MomentumSGDRule

    def __init__(self, lr: float = _default_hyperparam.lr,
                 momentum: float = _default_hyperparam.momentum,
                 lazy_rows: bool = False) -> None:
        super().__init__()
        expect_hyperparams(self, lr=(lr, NON_NEGATIVE), momentum=(momentum, DECAY))
        self.hyperparam.lr = lr
        self.hyperparam.momentum = momentum
        self.hyperparam.lazy_rows = lazy_rows

    def create_update_rule(self) -> MomentumSGDRule:
        return self.rule_class(self.hyperparam)


class CorrectedMomentumSGD(MomentumSGD):
    """Momentum SGD with the learning rate outside the velocity, as PyTorch's SGD."""

    rule_class = CorrectedMomentumSGDRule
