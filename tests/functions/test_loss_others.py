"""sigmoid_cross_entropy, hinge, the regression losses and the VAE losses: values against
their definitions, edge cases and bad input."""

import dask.array as da
import numpy as np
import pytest

import flexgrad
import flexgrad.functions as F
from flexgrad import Variable, using_config
from flexgrad.backends import get_device
from flexgrad.errors import InvalidTypeError, InvalidValueError

RNG = np.random.default_rng(1)


def loss_and_grads(fn, *arrays, **kw):
    vs = [Variable(a) for a in arrays]
    loss = fn(*vs, **kw)
    F.sum(loss).backward()
    return (loss.array, *[v.grad for v in vs])


# -- sigmoid_cross_entropy -----------------------------------------------------------------
def test_sigmoid_cross_entropy_matches_its_definition():
    x = RNG.normal(size=(3, 4))
    t = np.array([[0, 1, -1, 1], [1, 1, 0, 0], [-1, -1, 0, 1]])
    p = 1 / (1 + np.exp(-x))
    per = -(t * np.log(p) + (1 - t) * np.log(1 - p)) * (t >= 0)
    np.testing.assert_allclose(F.sigmoid_cross_entropy(x, t, reduce="no").array, per,
                               rtol=1e-12)
    np.testing.assert_allclose(F.sigmoid_cross_entropy(x, t).array, per.sum() / 9, rtol=1e-12)
    np.testing.assert_allclose(F.sigmoid_cross_entropy(x, t, normalize=False).array,
                               per.sum() / 3, rtol=1e-12)
    _, g = loss_and_grads(lambda v: F.sigmoid_cross_entropy(v, t), x)
    np.testing.assert_allclose(g, (p - t) * (t >= 0) / 9, rtol=1e-12)


def test_sigmoid_cross_entropy_is_stable_and_all_ignored_gives_zero():
    x = np.array([[1e4, -1e4, 1e4]], dtype=np.float32)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        loss, g = loss_and_grads(lambda v: F.sigmoid_cross_entropy(v, np.array([[0, 0, 1]]),
                                                                   reduce="no"), x)
    np.testing.assert_array_equal(loss, [[1e4, 0.0, 0.0]])
    np.testing.assert_array_equal(g, [[1.0, 0.0, 0.0]])
    loss, g = loss_and_grads(lambda v: F.sigmoid_cross_entropy(v, np.full((1, 3), -1)), x)
    assert loss == 0 and not g.any()


def test_sigmoid_cross_entropy_labels_out_of_range(monkeypatch):
    match = "sigmoid_cross_entropy: argument 't'"
    with pytest.raises(InvalidValueError, match=match):
        F.sigmoid_cross_entropy(np.zeros(3), np.array([0, 2, 1]))
    with monkeypatch.context() as gpu_like:  # no look at the values: NaN, not a number
        gpu_like.setattr(flexgrad.backends.Backend, "reads_are_free", lambda self, a: False)
        with using_config("debug", True), pytest.raises(InvalidValueError, match=match):
            F.sigmoid_cross_entropy(np.zeros(3), np.array([0, 2, 1]))
        assert np.isnan(F.sigmoid_cross_entropy(np.zeros(3), np.array([0, 2, 1])).array)
    lazy = F.sigmoid_cross_entropy(da.from_array(np.zeros(3)), da.from_array(np.array([0, 2, 1])))
    with pytest.raises(InvalidValueError, match=match):
        np.asarray(lazy.array)


# -- hinge ----------------------------------------------------------------------------------
@pytest.mark.parametrize("norm", ["L1", "L2"])
def test_hinge_matches_chainers_definition(norm):
    x = RNG.normal(size=(4, 3))
    t = np.array([2, 0, 1, 1])
    signed = x.copy()
    signed[np.arange(4), t] *= -1
    per = np.maximum(0, 1 + signed) ** (1 if norm == "L1" else 2)
    np.testing.assert_allclose(F.hinge(x, t, norm, reduce="no").array, per, rtol=1e-12)
    np.testing.assert_allclose(F.hinge(x, t, norm).array, per.sum() / 4, rtol=1e-12)


def test_hinge_bad_labels(monkeypatch):
    match = r"hinge: argument 't' expected labels in \[0, 3\)"
    with pytest.raises(InvalidValueError, match=match):
        F.hinge(np.zeros((2, 3)), np.array([0, 3]))
    with monkeypatch.context() as gpu_like:  # no look at the values: NaN where bad
        gpu_like.setattr(flexgrad.backends.Backend, "reads_are_free", lambda self, a: False)
        eager = F.hinge(np.zeros((2, 3)), np.array([0, 3]), reduce="no").array
    assert np.isnan(eager[1]).all() and not np.isnan(eager[0]).any()
    with pytest.raises(InvalidValueError, match="hinge: argument 't'"):
        F.hinge(np.zeros((2, 3)), np.array([0, 1, 2]))
    lazy = F.hinge(da.from_array(np.zeros((2, 3))), da.from_array(np.array([0, 3])), reduce="no")
    with pytest.raises(InvalidValueError, match=match):
        np.asarray(lazy.array)


# -- regression -----------------------------------------------------------------------------
@pytest.mark.parametrize("backend", ["numpy", "dask", "array_api_strict"])
def test_regression_losses_match_their_definitions(backend):
    device = get_device("@" + backend)
    a, b = RNG.normal(size=(3, 4)), RNG.normal(size=(3, 4))
    d = a - b
    expected = {
        F.mean_squared_error: (np.mean(d * d), 2 * d / d.size),
        F.mean_absolute_error: (np.mean(abs(d)), np.sign(d) / d.size),
        F.squared_error: (d * d, 2 * d),
        F.absolute_error: (abs(d), np.sign(d)),
    }
    for fn, (value, grad) in expected.items():
        loss, g0, g1 = loss_and_grads(fn, device.send(a), device.send(b))
        be = device.backend
        np.testing.assert_allclose(be.to_numpy(loss), value, rtol=1e-12, err_msg=fn.__name__)
        np.testing.assert_allclose(be.to_numpy(g0), grad, rtol=1e-12, err_msg=fn.__name__)
        np.testing.assert_allclose(be.to_numpy(g1), -grad, rtol=1e-12, err_msg=fn.__name__)


def test_huber_loss_quadratic_inside_linear_outside():
    x = np.array([[0.5, -3.0, 1.0, 0.0]])
    t = np.zeros_like(x)
    loss, gx, gt = loss_and_grads(lambda a, b: F.huber_loss(a, b, delta=1.0, reduce="no"), x, t)
    np.testing.assert_allclose(loss, [[0.125, 2.5, 0.5, 0.0]])
    np.testing.assert_allclose(gx, [[0.5, -1.0, 1.0, 0.0]])
    np.testing.assert_allclose(gt, -gx)
    assert F.huber_loss(x, t, 1.0).shape == (1,)


@pytest.mark.parametrize("call,error,match", [
    (lambda: F.mean_squared_error(np.zeros(3), np.zeros((2, 3))), InvalidValueError,
     "mean_squared_error: argument 'x1' expected shape"),
    (lambda: F.squared_error(np.zeros(3), np.zeros(3, np.float32)), InvalidTypeError,
     "squared_error: argument 'x1' expected dtype float64"),
    (lambda: F.absolute_error(np.zeros(3, int), np.zeros(3, int)), InvalidTypeError,
     "absolute_error: argument 'x0'"),
    (lambda: F.mean_absolute_error(np.zeros(3), da.zeros(3)), InvalidTypeError,
     "MeanAbsoluteError: inputs live on different backends"),
    (lambda: F.huber_loss(np.zeros((2, 2)), np.zeros((2, 2)), 0.0), InvalidValueError,
     "huber_loss: argument 'delta'"),
    (lambda: F.huber_loss(np.zeros(2), np.zeros(2), 1.0), InvalidValueError,
     "huber_loss: argument 'x' expected an array of 2 or more axes"),
    (lambda: F.huber_loss(np.zeros((2, 2)), np.zeros((2, 2)), 1.0, reduce="mean"),
     InvalidValueError, "huber_loss: argument 'reduce'"),
    (lambda: F.hinge(np.zeros((2, 2)), np.array([0, 1]), norm="L3"), InvalidValueError,
     "hinge: argument 'norm'"),
    (lambda: F.sigmoid_cross_entropy(np.zeros(2), np.zeros(3, int)), InvalidValueError,
     "sigmoid_cross_entropy: argument 't'"),
    (lambda: F.gaussian_nll(np.zeros(2), np.zeros(2), np.zeros(3)), InvalidValueError,
     "gaussian_nll: argument 'ln_var'"),
    (lambda: F.bernoulli_nll(np.zeros(2), np.zeros(2), reduce="none"), InvalidValueError,
     "bernoulli_nll: argument 'reduce'"),
])
def test_bad_input_names_the_function_and_the_argument(call, error, match):
    with pytest.raises(error, match=match):
        call()


# -- VAE ------------------------------------------------------------------------------------
def test_vae_losses_match_their_definitions():
    x, mean, ln_var = RNG.uniform(size=4), RNG.normal(size=4), RNG.normal(size=4)
    var = np.exp(ln_var)
    kl = 0.5 * (mean**2 + var - ln_var - 1)
    nll = 0.5 * (np.log(2 * np.pi) + ln_var) + (x - mean) ** 2 / (2 * var)
    p = 1 / (1 + np.exp(-mean))
    bern = -(x * np.log(p) + (1 - x) * np.log(1 - p))
    for value, got in [(kl, F.gaussian_kl_divergence(mean, ln_var, reduce="no")),
                       (kl.sum(), F.gaussian_kl_divergence(mean, ln_var)),
                       (kl.mean(), F.gaussian_kl_divergence(mean, ln_var, reduce="mean")),
                       (nll.sum(), F.gaussian_nll(x, mean, ln_var)),
                       (bern.mean(), F.bernoulli_nll(x, mean, reduce="mean"))]:
        np.testing.assert_allclose(got.array, value, rtol=1e-12)


def test_bernoulli_nll_is_stable_for_large_logits():
    with np.errstate(over="raise", invalid="raise"):
        loss = F.bernoulli_nll(np.array([1.0, 0.0], np.float32),
                               np.array([-1e4, -1e4], np.float32), reduce="no")
    np.testing.assert_array_equal(loss.array, [1e4, 0.0])


def test_bernoulli_nll_takes_raw_data_beside_a_variable_on_array_api_strict():
    """A VAE passes its batch raw and its decoder's logits as a Variable; strict arrays
    refuse arithmetic with a Variable on their left, so the loss must not put them there."""
    strict = get_device("@array_api_strict")
    x, logits = np.array([1.0, 0.0]), np.array([0.5, -0.2])
    y = Variable(strict.send(logits))
    loss = F.bernoulli_nll(strict.send(x), y)
    loss.backward()
    expected = F.bernoulli_nll(x, Variable(logits))
    np.testing.assert_allclose(float(loss.array), float(expected.array))
    np.testing.assert_allclose(np.asarray(y.grad), 1 / (1 + np.exp(-logits)) - x)
