"""Every optimizer against its update formula written out here, on each backend."""

from __future__ import annotations

import math

import numpy as np
import pytest
from optim_kit import ALL_SPECS, BACKENDS, Model, send, to_numpy

import flexgrad
from flexgrad import optimizers as O
from flexgrad.optimizer import Hyperparameter

# -- reference formulas (float64, Chainer's definitions) -----------------------------------


def ref_sgd(p, g, s, t, lr):
    return p - lr * g


def ref_momentum(p, g, s, t, lr, momentum):
    s["v"] = momentum * s.get("v", 0.0) - lr * g
    return p + s["v"]


def ref_corrected_momentum(p, g, s, t, lr, momentum):
    s["v"] = momentum * s.get("v", 0.0) + g
    return p - lr * s["v"]


def ref_nesterov(p, g, s, t, lr, momentum):
    s["v"] = momentum * s.get("v", 0.0) - lr * g
    return p + momentum ** 2 * s["v"] - (1 + momentum) * lr * g


def ref_adagrad(p, g, s, t, lr, eps):
    s["h"] = s.get("h", 0.0) + g ** 2
    return p - lr * g / (np.sqrt(s["h"]) + eps)


def ref_adadelta(p, g, s, t, rho, eps):
    s["msg"] = rho * s.get("msg", 0.0) + (1 - rho) * g ** 2
    dx = np.sqrt((s.get("msdx", 0.0) + eps) / (s["msg"] + eps)) * g
    s["msdx"] = rho * s.get("msdx", 0.0) + (1 - rho) * dx ** 2
    return p - dx


def ref_rmsprop(p, g, s, t, lr, alpha, eps, eps_inside_sqrt=False):
    s["ms"] = alpha * s.get("ms", 0.0) + (1 - alpha) * g ** 2
    denom = np.sqrt(s["ms"] + eps) if eps_inside_sqrt else np.sqrt(s["ms"]) + eps
    return p - lr * g / denom


def ref_graves(p, g, s, t, lr, alpha, momentum, eps):
    s["ms"] = alpha * s.get("ms", 0.0) + (1 - alpha) * g ** 2
    s["n"] = alpha * s.get("n", 0.0) + (1 - alpha) * g
    s["d"] = momentum * s.get("d", 0.0) - lr * g / np.sqrt(s["ms"] - s["n"] ** 2 + eps)
    return p + s["d"]


def ref_adam(p, g, s, t, alpha, beta1=0.9, beta2=0.999, eps=1e-8, eta=1.0,
             weight_decay_rate=0.0, amsgrad=False, adabound=False, final_lr=0.1, gamma=1e-3):
    s["m"] = beta1 * s.get("m", 0.0) + (1 - beta1) * g
    s["v"] = beta2 * s.get("v", 0.0) + (1 - beta2) * g ** 2
    v = s["v"]
    if amsgrad:
        v = s["vhat"] = np.maximum(s.get("vhat", 0.0), s["v"])
    lr_t = alpha * math.sqrt(1 - beta2 ** t) / (1 - beta1 ** t)
    step = lr_t / (np.sqrt(v) + eps)
    if adabound:
        lower, upper = final_lr * (1 - 1 / (gamma * t + 1)), final_lr * (1 + 1 / (gamma * t))
        step = np.clip(step, lower, upper)
    return p - eta * (step * s["m"] + weight_decay_rate * p)


CASES = {
    "SGD": (O.SGD, dict(lr=0.1), ref_sgd),
    "MomentumSGD": (O.MomentumSGD, dict(lr=0.1, momentum=0.8), ref_momentum),
    "CorrectedMomentumSGD": (O.CorrectedMomentumSGD, dict(lr=0.1, momentum=0.8),
                             ref_corrected_momentum),
    "NesterovAG": (O.NesterovAG, dict(lr=0.1, momentum=0.8), ref_nesterov),
    "AdaGrad": (O.AdaGrad, dict(lr=0.1, eps=1e-6), ref_adagrad),
    "AdaDelta": (O.AdaDelta, dict(rho=0.9, eps=1e-4), ref_adadelta),
    "RMSprop": (O.RMSprop, dict(lr=0.1, alpha=0.9, eps=1e-6), ref_rmsprop),
    "RMSprop-inside": (O.RMSprop, dict(lr=0.1, alpha=0.9, eps=1e-3, eps_inside_sqrt=True),
                       ref_rmsprop),
    "RMSpropGraves": (O.RMSpropGraves, dict(lr=0.1, alpha=0.9, momentum=0.8, eps=1e-3),
                      ref_graves),
    "Adam": (O.Adam, dict(alpha=0.1, beta1=0.8, beta2=0.9), ref_adam),
    "Adam-all": (O.Adam, dict(alpha=0.1, eta=0.5, weight_decay_rate=0.1, amsgrad=True,
                              adabound=True, final_lr=0.05, gamma=0.1), ref_adam),
    "Adam-plain": (O.Adam, dict(alpha=0.1), ref_adam),
    "AdamW": (O.AdamW, dict(alpha=0.1, weight_decay_rate=0.2), ref_adam),
    "AMSGrad": (O.AMSGrad, dict(alpha=0.1, beta2=0.5), ref_adam),
    "AdaBound": (O.AdaBound, dict(alpha=0.1, final_lr=0.05, gamma=0.1), ref_adam),
    "AMSBound": (O.AMSBound, dict(alpha=0.1, beta2=0.5, final_lr=0.05, gamma=0.1), ref_adam),
}
FLAGS = {"AMSGrad": dict(amsgrad=True), "AdaBound": dict(adabound=True),
         "AMSBound": dict(amsgrad=True, adabound=True)}

@pytest.fixture(params=ALL_SPECS)
def spec(request):
    return request.param


RNG = np.random.default_rng(0)
P0 = RNG.normal(size=(2, 3)).astype(np.float32)
GRADS = [RNG.normal(size=(2, 3)).astype(np.float32) for _ in range(4)]


def run_steps(cls, kwargs, spec, grads=GRADS):
    model = Model(send(P0, spec))
    opt = cls(**kwargs).setup(model)
    (p,) = model.ps
    for g in grads:
        p.grad = send(g, spec)
        opt.update()
    return opt, p


def expected(case):
    cls, kwargs, ref = CASES[case]
    p, state = P0.astype(np.float64), {}
    for t, g in enumerate(GRADS, start=1):
        p = ref(p, g.astype(np.float64), state, t, **kwargs, **FLAGS.get(case, {}))
    return p


@pytest.mark.parametrize("case", sorted(CASES))
def test_matches_formula(case, spec):
    cls, kwargs, _ = CASES[case]
    opt, p = run_steps(cls, kwargs, spec)
    assert flexgrad.backends.backend_of(p.array) is flexgrad.get_device(spec).backend
    assert p.dtype == flexgrad.get_device(spec).backend.dtype("float32")
    assert opt.t == len(GRADS)
    np.testing.assert_allclose(to_numpy(p.array), expected(case), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("case", ["MomentumSGD", "AdaDelta", "RMSpropGraves", "Adam-all"])
def test_backends_agree(case):
    cls, kwargs, _ = CASES[case]
    results = [to_numpy(run_steps(cls, kwargs, spec)[1].array) for spec in BACKENDS]
    for other in results[1:]:
        np.testing.assert_allclose(other, results[0], rtol=1e-6, atol=1e-7)


def test_defaults_follow_chainer():
    assert O.SGD().lr == 0.01
    assert (O.MomentumSGD().lr, O.MomentumSGD().momentum) == (0.01, 0.9)
    assert (O.AdaGrad().lr, O.AdaGrad().eps) == (0.001, 1e-8)
    assert (O.AdaDelta().rho, O.AdaDelta().eps) == (0.95, 1e-6)
    assert (O.RMSprop().lr, O.RMSprop().alpha, O.RMSprop().eps) == (0.01, 0.99, 1e-8)
    graves = O.RMSpropGraves()
    assert (graves.lr, graves.alpha, graves.momentum, graves.eps) == (1e-4, 0.95, 0.9, 1e-4)
    adam = O.Adam()
    assert (adam.alpha, adam.beta1, adam.beta2, adam.eps, adam.eta) == (0.001, 0.9, 0.999,
                                                                          1e-8, 1.0)
    assert not adam.amsgrad and not adam.adabound and adam.weight_decay_rate == 0
    assert O.AMSGrad().amsgrad and O.AdaBound().adabound


def test_dask_graph_stays_bounded():
    model = Model(send(P0, "@dask"))
    opt = O.Adam(alpha=0.01).setup(model)
    (p,) = model.ps
    sizes = []
    for i in range(100):
        p.grad = send(GRADS[i % len(GRADS)], "@dask")
        opt.update()
        sizes.append(len(p.array.__dask_graph__()))
        rule_state = p.update_rule.state
        assert all(len(v.__dask_graph__()) <= 2 for v in rule_state.values())
    assert max(sizes) <= 2 and sizes[-1] == sizes[0]


def test_update_with_lossfun_clears_and_backprops():
    model = Model(send(P0, "@numpy"))
    (p,) = model.ps
    p.grad = np.full_like(P0, 100.0)  # stale: must be cleared, not accumulated
    opt = O.SGD(lr=0.1).setup(model)
    opt.update(lambda scale: flexgrad.functions.sum(p * p) * scale, 0.5)
    np.testing.assert_allclose(p.array, P0 - 0.1 * P0, rtol=1e-6)
    assert opt.t == 1


def test_param_without_grad_is_skipped():
    model = Model(send(P0, "@numpy"), send(P0, "@numpy"))
    opt = O.MomentumSGD().setup(model)
    model.ps[0].grad = GRADS[0]
    opt.update()
    np.testing.assert_array_equal(model.ps[1].array, P0)
    assert not to_numpy(model.ps[1].update_rule.state["v"]).any()
    assert not np.array_equal(model.ps[0].array, P0)


def test_hyperparameters_per_parameter_and_through_proxy():
    model = Model(send(P0, "@numpy"), send(P0, "@numpy"))
    opt = O.SGD(lr=0.1).setup(model)
    model.ps[1].update_rule.hyperparam.lr = 0.0
    opt.lr = 0.5
    for p in model.ps:
        p.grad = GRADS[0]
    opt.update()
    np.testing.assert_allclose(model.ps[0].array, P0 - 0.5 * GRADS[0], rtol=1e-6)
    np.testing.assert_array_equal(model.ps[1].array, P0)
    assert model.ps[1].update_rule.hyperparam.get_dict() == {"lr": 0.0}
    model.ps[0].update_rule.enabled = False
    model.ps[0].grad = GRADS[1]
    before = model.ps[0].array
    opt.update()
    assert model.ps[0].array is before


def test_adam_lr_is_alpha_t():
    opt, p = run_steps(O.Adam, dict(alpha=0.1, beta1=0.8, beta2=0.9), "@numpy")
    t = len(GRADS)
    assert opt.lr == pytest.approx(0.1 * math.sqrt(1 - 0.9 ** t) / (1 - 0.8 ** t))
    assert p.update_rule.lr == opt.lr


def test_state_follows_the_parameter_to_another_device():
    opt, p = run_steps(O.Adam, dict(alpha=0.1), "@numpy", GRADS[:2])
    p.array = send(p.array, "@dask")
    p.grad = send(GRADS[2], "@dask")
    opt.update()
    dask = flexgrad.get_device("@dask").backend
    assert all(flexgrad.backends.backend_of(v) is dask for v in p.update_rule.state.values())
    p.grad = send(GRADS[3], "@dask")
    opt.update()
    np.testing.assert_allclose(to_numpy(p.array), expected("Adam-plain"), rtol=1e-5,
                               atol=1e-6)


def test_serialize_round_trip_continues_identically():
    opt, p = run_steps(O.Adam, dict(alpha=0.1), "@numpy", GRADS[:2])
    opt.new_epoch()
    saver = flexgrad.serializers.DictionarySerializer()
    opt.serialize(saver)
    assert set(saver.target) == {"t", "epoch", "p0/t", "p0/m", "p0/v"}
    model = Model(send(p.array, "@dask"))
    fresh = O.Adam(alpha=0.1).setup(model)
    fresh.serialize(flexgrad.serializers.NpzDeserializer(saver.target))
    assert (fresh.t, fresh.epoch, model.ps[0].update_rule.t) == (2, 1, 2)
    for opt_, param, spec in ((opt, p, "@numpy"), (fresh, model.ps[0], "@dask")):
        for g in GRADS[2:]:
            param.grad = send(g, spec)
            opt_.update()
    np.testing.assert_allclose(to_numpy(model.ps[0].array), p.array, rtol=1e-6)


def test_misuse_is_reported():
    with pytest.raises(flexgrad.errors.InvalidValueError, match="setup"):
        O.SGD().update()
    with pytest.raises(flexgrad.errors.InvalidTypeError, match="'link'"):
        O.SGD().setup(object())
    opt = O.SGD().setup(Model(P0))
    with pytest.raises(flexgrad.errors.InvalidTypeError, match="'hook'"):
        opt.add_hook(3)
    with pytest.raises(AttributeError, match="momentum"):
        _ = opt.target.ps[0].update_rule.hyperparam.momentum


def test_hyperparameter_falls_back_to_its_parent():
    parent = Hyperparameter()
    parent.lr, parent.momentum = 0.1, 0.9
    child = Hyperparameter(parent)
    child.lr = 0.5
    assert (child.lr, child.momentum, parent.lr) == (0.5, 0.9, 0.1)
    assert child.get_dict() == {"lr": 0.5, "momentum": 0.9}
    assert child.parent is parent
