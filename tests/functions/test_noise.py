"""dropout, gaussian and gumbel_softmax: Chainer's behaviour, seeded and passed-in noise,
statistics, laziness on Dask and bad input."""

import math

import array_api_strict as strict
import dask
import dask.array as da
import numpy as np
import pytest

import flexgrad
import flexgrad.functions as F
from flexgrad import Variable
from flexgrad.backends import backend_of
from flexgrad.errors import InvalidTypeError, InvalidValueError


def refuse(*args, **kwargs):
    raise AssertionError("dask computed a value")


def host(a):
    return backend_of(a).to_numpy(a)


# -- dropout --------------------------------------------------------------------------------
def test_dropout_drops_about_ratio_and_scales_the_rest():
    x = Variable(np.ones((100, 100), np.float32))
    y, mask = F.dropout(x, 0.3, return_mask=True)
    kept = y.array != 0
    assert abs(kept.mean() - 0.7) < 0.03
    np.testing.assert_allclose(y.array[kept], 1 / 0.7, rtol=1e-6)
    assert mask.dtype == np.float32 and np.array_equal(mask, y.array)
    F.sum(y).backward()
    np.testing.assert_array_equal(x.grad, mask)


def test_dropout_reuses_a_returned_mask():
    x = np.random.default_rng(0).normal(size=(3, 4))
    y, mask = F.dropout(x, return_mask=True)
    y2 = F.dropout(x * 2, ratio=0.9, mask=mask)  # ratio is ignored when a mask is given
    np.testing.assert_array_equal(y2.array, 2 * y.array)


def test_dropout_in_test_mode_returns_x():
    x = Variable(np.ones(3))
    with flexgrad.using_config("train", False):
        assert F.dropout(x) is x
        y, mask = F.dropout(np.ones(3), return_mask=True)
    assert mask is None and isinstance(y, Variable) and not y.requires_grad


def test_dropout_ratio_zero_is_the_identity():
    x = np.arange(6.0)
    np.testing.assert_array_equal(F.dropout(x, 0.0).array, x)


@pytest.mark.parametrize("name", ["numpy", "dask", "array_api_strict"])
def test_dropout_masks_follow_the_seed(name):
    device = flexgrad.get_device("@" + name)
    x = device.send(np.ones((4, 5)))
    flexgrad.set_seed(3)
    a = F.dropout(x).array
    flexgrad.set_seed(3)
    b = F.dropout(x).array
    c = F.dropout(x).array
    assert np.array_equal(host(a), host(b)) and not np.array_equal(host(b), host(c))


def test_dropout_draws_its_mask_lazily_on_dask():
    x = Variable(da.from_array(np.ones((6, 4)), chunks=3))
    with dask.config.set(scheduler=refuse):
        y, mask = F.dropout(x, 0.5, return_mask=True)
        F.sum(y).backward()
    assert isinstance(mask, da.Array) and isinstance(x.grad, da.Array)
    np.testing.assert_array_equal(x.grad.compute(), mask.compute())
    assert set(np.unique(mask.compute())) <= {0.0, 2.0}


def test_dropout_mask_is_the_same_on_every_backend():
    m = (np.random.default_rng(1).uniform(size=(3, 4)) > 0.5) * 2.0
    x = np.arange(12.0).reshape(3, 4)
    ref = F.dropout(x, mask=m).array
    for send in (strict.asarray, lambda a: da.from_array(a, chunks=2)):
        np.testing.assert_array_equal(host(F.dropout(send(x), mask=send(m)).array), ref)


@pytest.mark.parametrize("call, error, arg", [
    (lambda x: F.dropout(x, 1.0), InvalidValueError, "ratio"),
    (lambda x: F.dropout(x, -0.1), InvalidValueError, "ratio"),
    (lambda x: F.dropout(x, "0.5"), InvalidTypeError, "ratio"),
    (lambda x: F.dropout(np.arange(3)), InvalidTypeError, "x"),
    (lambda x: F.dropout(x, mask=np.ones(4)), InvalidValueError, "mask"),
    (lambda x: F.dropout(x, mask=np.ones(3, np.float32)), InvalidTypeError, "mask"),
    (lambda x: F.dropout(x, mask=strict.ones(3, dtype=strict.float64)), InvalidTypeError,
     "mask"),
    (lambda x: F.dropout(x, mask=[1.0, 1.0, 1.0]), InvalidTypeError, "mask"),
])
def test_dropout_bad_arguments_are_named(call, error, arg):
    with pytest.raises(error, match=rf"functions\.dropout: argument '{arg}'"):
        call(np.ones(3))


# -- gaussian -------------------------------------------------------------------------------
def test_gaussian_samples_have_the_given_mean_and_variance():
    mean = np.full(20000, 1.0)
    ln_var = np.full(20000, math.log(4.0))
    y = F.gaussian(mean, ln_var).array
    assert abs(y.mean() - 1.0) < 0.05 and abs(y.std() - 2.0) < 0.05


def test_gaussian_gradients_follow_the_reparameterization():
    m, v = Variable(np.array([0.5, -1.0])), Variable(np.array([0.2, -0.4]))
    y, eps = F.gaussian(m, v, return_eps=True)
    F.sum(y).backward()
    np.testing.assert_allclose(y.array, m.array + np.exp(v.array / 2) * eps)
    np.testing.assert_array_equal(m.grad, [1.0, 1.0])
    np.testing.assert_allclose(v.grad, 0.5 * np.exp(v.array / 2) * eps)
    np.testing.assert_array_equal(F.gaussian(m, v, eps=eps).array, y.array)


def test_gaussian_samples_in_test_mode_as_chainer_does():
    with flexgrad.using_config("train", False):
        y = F.gaussian(np.zeros(50), np.zeros(50)).array
    assert np.all(y != 0)


def test_gaussian_draws_lazily_on_dask():
    m = Variable(da.from_array(np.zeros((4, 3)), chunks=2))
    v = Variable(da.from_array(np.zeros((4, 3)), chunks=2))
    with dask.config.set(scheduler=refuse):
        y, eps = F.gaussian(m, v, return_eps=True)
        F.sum(y).backward()
    assert isinstance(eps, da.Array)
    np.testing.assert_allclose(v.grad.compute(), 0.5 * eps.compute())


@pytest.mark.parametrize("call, error, arg", [
    (lambda: F.gaussian(np.zeros(3), np.zeros(4)), InvalidValueError, "ln_var"),
    (lambda: F.gaussian(np.zeros(3), np.zeros(3, np.float32)), InvalidTypeError, "ln_var"),
    (lambda: F.gaussian(np.zeros(3, int), np.zeros(3)), InvalidTypeError, "mean"),
    (lambda: F.gaussian(np.zeros(3), np.zeros(3), eps=np.zeros(2)), InvalidValueError, "eps"),
])
def test_gaussian_bad_arguments_are_named(call, error, arg):
    with pytest.raises(error, match=rf"functions\.gaussian: argument '{arg}'"):
        call()


# -- gumbel_softmax -------------------------------------------------------------------------
def test_gumbel_softmax_samples_categories_with_their_probabilities():
    pi = np.array([0.1, 0.3, 0.6])
    log_pi = np.broadcast_to(np.log(pi), (6000, 3))
    y = F.gumbel_softmax(log_pi, tau=0.1).array
    np.testing.assert_allclose(y.sum(axis=1), 1.0, rtol=1e-12)
    freq = np.bincount(y.argmax(axis=1), minlength=3) / 6000
    np.testing.assert_allclose(freq, pi, atol=0.03)


def test_gumbel_softmax_with_noise_given_is_a_softmax():
    log_pi = np.log(np.array([[0.2, 0.8], [0.5, 0.5]]))
    g = np.array([[0.3, -1.0], [2.0, 0.1]])
    expected = F.softmax((log_pi + g) / 0.5, axis=1).array
    np.testing.assert_allclose(F.gumbel_softmax(log_pi, 0.5, noise=g).array, expected)
    tau = Variable(np.array(0.5))
    y = F.gumbel_softmax(log_pi, tau, noise=g)
    F.sum(y * np.array([1.0, 0.0])).backward()
    assert tau.grad is not None and np.isfinite(tau.grad)


def test_gumbel_noise_is_finite_in_float32():
    y = F.gumbel_softmax(np.zeros((20000, 4), np.float32), tau=1.0, axis=1).array
    assert y.dtype == np.float32 and np.all(np.isfinite(y))


def test_gumbel_softmax_of_a_scalar_is_one_as_in_chainer():
    y = F.gumbel_softmax(np.array(0.3))
    assert y.shape == () and float(y.array) == 1.0


def test_gumbel_softmax_draws_lazily_on_dask():
    p = Variable(da.from_array(np.zeros((4, 3)), chunks=2))
    with dask.config.set(scheduler=refuse):
        y = F.gumbel_softmax(p)
        F.sum(y * da.from_array(np.arange(3.0))).backward()
    np.testing.assert_allclose(y.array.compute().sum(axis=1), 1.0)


@pytest.mark.parametrize("call, error, arg", [
    (lambda: F.gumbel_softmax(np.zeros((2, 3)), tau=0.0), InvalidValueError, "tau"),
    (lambda: F.gumbel_softmax(np.zeros((2, 3)), tau="1"), InvalidTypeError, "tau"),
    (lambda: F.gumbel_softmax(np.zeros((2, 3)), axis=2), InvalidValueError, "axis"),
    (lambda: F.gumbel_softmax(np.zeros(3, int)), InvalidTypeError, "log_pi"),
    (lambda: F.gumbel_softmax(np.zeros((2, 3)), noise=np.zeros((3, 2))), InvalidValueError,
     "noise"),
])
def test_gumbel_softmax_bad_arguments_are_named(call, error, arg):
    with pytest.raises(error, match=rf"functions\.gumbel_softmax: argument '{arg}'"):
        call()
