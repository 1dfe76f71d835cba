"""Issue 15: an impossible hyperparameter is refused where it is given, naming the
optimizer, the argument, what was expected and what came."""

from __future__ import annotations

import numpy as np
import pytest

import flexgrad.optimizers as O
from flexgrad.errors import InvalidTypeError, InvalidValueError

REFUSED = [
    (O.SGD, {"lr": -1}, r"'lr' expected a real number in \[0, inf\), got -1"),
    (O.SGD, {"lr": float("nan")}, "'lr'.*got nan"),
    (O.MomentumSGD, {"momentum": 1.0}, r"'momentum' expected a real number in \[0, 1\)"),
    (O.CorrectedMomentumSGD, {"lr": -0.1}, "'lr'"),
    (O.NesterovAG, {"momentum": -0.5}, "'momentum'"),
    (O.AdaGrad, {"eps": -1e-8}, "'eps'"),
    (O.AdaDelta, {"rho": 1.5}, "'rho'"),
    (O.AdaDelta, {"eps": 0.0}, r"'eps' expected a real number in \(0, inf\)"),
    (O.RMSprop, {"alpha": 1.0}, "'alpha'"),
    (O.RMSpropGraves, {"momentum": 2.0}, "'momentum'"),
    (O.Adam, {"beta1": 1.0}, r"Adam: argument 'beta1' expected a real number in \[0, 1\), "
                             "got 1.0"),
    (O.Adam, {"beta2": -0.1}, "'beta2'"),
    (O.Adam, {"alpha": float("inf")}, "'alpha'"),
    (O.Adam, {"gamma": 0.0}, "'gamma'"),
    (O.AdamW, {"weight_decay_rate": -0.01}, "AdamW: argument 'weight_decay_rate'"),
    (O.AMSGrad, {"eps": -1.0}, "AMSGrad: argument 'eps'"),
    (O.AdaBound, {"final_lr": -0.1}, "AdaBound: argument 'final_lr'"),
]


@pytest.mark.parametrize(("cls", "kwargs", "message"), REFUSED)
def test_an_impossible_hyperparameter_is_refused(cls, kwargs, message):
    with pytest.raises(InvalidValueError, match=f"flexgrad.optimizers.{cls.__name__}"):
        cls(**kwargs)
    with pytest.raises(InvalidValueError, match=message):
        cls(**kwargs)


@pytest.mark.parametrize("value", ["0.1", None, True, [0.1]])
def test_a_hyperparameter_that_is_not_a_number_is_refused(value):
    with pytest.raises(InvalidTypeError, match="SGD: argument 'lr' expected a real number"):
        O.SGD(lr=value)


def test_edge_values_and_numpy_scalars_are_accepted():
    O.SGD(lr=0)
    O.Adam(alpha=np.float32(0.01), beta1=0.0, beta2=np.float64(0.5), eps=0.0)
    O.MomentumSGD(lr=0.1, momentum=0)
    O.RMSprop(alpha=0.0)
