"""Optimizer hooks against their formulas, on each backend, and hook registration."""

from __future__ import annotations

import pathlib
import sys

import numpy as np
import pytest

import flexgrad
from flexgrad import optimizer_hooks as H
from flexgrad import optimizers as O
from flexgrad.errors import InvalidValueError

# the optimizer tests' stand-in model (a conftest.py here would shadow tests/conftest.py)
sys.path.insert(0, str(pathlib.Path(__file__).parents[1] / "optimizers"))
from optim_kit import ALL_SPECS, BACKENDS, Model, send, to_numpy  # noqa: E402

RNG = np.random.default_rng(1)
P = [RNG.normal(size=(2, 3)).astype(np.float32), RNG.normal(size=(4,)).astype(np.float32)]
G = [RNG.normal(size=(2, 3)).astype(np.float32), RNG.normal(size=(4,)).astype(np.float32)]


@pytest.fixture(params=ALL_SPECS)
def spec(request):
    return request.param


def step(hook, spec, lr=1.0, grads=G):
    """One SGD step with ``hook``; returns the parameters' new arrays as NumPy."""
    model = Model(*(send(p, spec) for p in P))
    opt = O.SGD(lr=lr).setup(model)
    opt.add_hook(hook)
    for p, g in zip(model.ps, grads, strict=True):
        p.grad = send(g, spec)
    opt.update()
    return [to_numpy(p.array) for p in model.ps]


def check(new, expected_grads, lr=1.0):
    for n, p, g in zip(new, P, expected_grads, strict=True):
        np.testing.assert_allclose(n, p - lr * g, rtol=1e-5, atol=1e-6)


def test_weight_decay(spec):
    check(step(H.WeightDecay(0.1), spec), [g + 0.1 * p for p, g in zip(P, G, strict=True)])


def test_lasso(spec):
    check(step(H.Lasso(0.1), spec), [g + 0.1 * np.sign(p) for p, g in zip(P, G, strict=True)])


def test_gradient_hard_clipping(spec):
    check(step(H.GradientHardClipping(-0.5, 0.3), spec), [np.clip(g, -0.5, 0.3) for g in G])


@pytest.mark.parametrize("threshold", [0.5, 100.0])
def test_gradient_clipping_by_global_norm(spec, threshold):
    norm = np.sqrt(sum(float(np.sum(g.astype(np.float64) ** 2)) for g in G))
    rate = min(threshold / norm, 1.0)
    check(step(H.GradientClipping(threshold), spec), [g * rate for g in G])


def test_gradient_clipping_zero_gradients_stay_zero():
    zeros = [np.zeros_like(g) for g in G]
    check(step(H.GradientClipping(1.0), "@numpy", grads=zeros), zeros)


def test_gradient_noise_with_a_given_noise_function(spec):
    def noise(backend, shape, dtype, hook, rule):
        assert rule.t == 0  # optimizer hooks run before the rules count the step
        return backend.from_numpy(np.full(shape, hook.eta, dtype=np.float32))

    check(step(H.GradientNoise(0.25, noise_func=noise), spec), [g + 0.25 for g in G])


def noisy_step(spec, seed):
    flexgrad.set_seed(seed)
    try:
        return step(H.GradientNoise(0.3), spec, grads=[np.zeros_like(g) for g in G])
    finally:
        flexgrad.set_seed(None)


@pytest.mark.parametrize("spec", BACKENDS)
def test_gradient_noise_is_seeded(spec):
    first, again, other = noisy_step(spec, 7), noisy_step(spec, 7), noisy_step(spec, 8)
    for p, a, b, c in zip(P, first, again, other, strict=True):
        np.testing.assert_array_equal(a, b)
        assert not np.array_equal(a, c)
        assert 0.2 < np.std(p - a) < 1.2  # the noise's std is sqrt(0.3) at t = 0


def test_gradient_noise_is_the_same_on_numpy_and_strict():
    for a, b in zip(noisy_step("@numpy", 3), noisy_step("@array_api_strict", 3), strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-6)


def test_hook_timing_and_registration():
    seen = []
    model = Model(send(P[0], "@numpy"))
    opt = O.SGD().setup(model)
    opt.add_hook(lambda o: seen.append(("pre", o.t)), name="a")
    opt.add_hook(lambda o: seen.append(("post", o.t)), name="b", timing="post")
    post_hook = H.WeightDecay(0.1)
    post_hook.timing = "post"
    opt.add_hook(post_hook)
    with pytest.raises(KeyError):
        opt.add_hook(H.WeightDecay(0.2))
    with pytest.raises(InvalidValueError, match="timing"):
        opt.add_hook(H.Lasso(0.1), timing="later")
    model.ps[0].grad = G[0]
    opt.update()
    assert seen == [("pre", 0), ("post", 1)]
    # the post-timing decay changed the grad after the step, not the step itself
    np.testing.assert_allclose(model.ps[0].array, P[0] - 0.01 * G[0], rtol=1e-6)
    np.testing.assert_allclose(model.ps[0].grad, G[0] + 0.1 * model.ps[0].array, rtol=1e-6)
    opt.remove_hook("a")
    opt.remove_hook("WeightDecay")
    with pytest.raises(KeyError):
        opt.remove_hook("a")


def test_update_rule_hooks_apply_to_one_parameter():
    model = Model(send(P[0], "@numpy"), send(P[0], "@numpy"))
    opt = O.SGD(lr=1.0).setup(model)
    model.ps[0].update_rule.add_hook(H.GradientHardClipping(0.0, 0.0))
    for p in model.ps:
        p.grad = G[0]
    opt.update()
    np.testing.assert_array_equal(model.ps[0].array, P[0])
    np.testing.assert_allclose(model.ps[1].array, P[0] - G[0], rtol=1e-6)
