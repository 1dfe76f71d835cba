"""flexgrad.distributions.Normal against closed forms, NumPy references and its own samples."""

from __future__ import annotations

import math

import numpy as np
import pytest

import flexgrad
import flexgrad.distributions as D
from flexgrad.errors import InvalidTypeError, InvalidValueError
from flexgrad.testing import assert_backends_agree, check_backward, check_double_backward

RNG = np.random.default_rng(0)
LOC = RNG.normal(size=(2, 3))
LOG_SCALE = RNG.normal(scale=0.5, size=(2, 3))
X = RNG.normal(size=(2, 3))


def _reference_log_prob(x, loc, scale):
    return -0.5 * ((x - loc) / scale) ** 2 - np.log(scale) - 0.5 * np.log(2 * np.pi)


def test_log_prob_prob_and_entropy_match_numpy_references():
    scale = np.exp(LOG_SCALE)
    d = D.Normal(LOC, scale)
    np.testing.assert_allclose(d.log_prob(X).array, _reference_log_prob(X, LOC, scale))
    np.testing.assert_allclose(d.prob(X).array, np.exp(_reference_log_prob(X, LOC, scale)))
    np.testing.assert_allclose(d.entropy.array, 0.5 * np.log(2 * np.pi * np.e * scale ** 2))
    assert d.mean is d.loc
    np.testing.assert_allclose(d.variance.array, scale ** 2)
    np.testing.assert_allclose(d.stddev.array, scale)
    assert (d.batch_shape, d.event_shape) == ((2, 3), ())


def test_scale_and_log_scale_give_the_same_distribution():
    a = D.Normal(LOC, scale=np.exp(LOG_SCALE))
    b = D.Normal(LOC, log_scale=LOG_SCALE)
    np.testing.assert_allclose(a.log_prob(X).array, b.log_prob(X).array)
    np.testing.assert_allclose(a.log_scale.array, b.log_scale.array)
    assert set(b.params) == {"loc", "scale"}


def test_cdf_and_survival_match_erf_including_the_far_lower_tail():
    d = D.Normal(np.zeros(4), np.ones(4))
    x = np.array([-12.0, -1.0, 0.0, 2.0])
    cdf = np.array([0.5 * math.erfc(-v / math.sqrt(2)) for v in x])
    np.testing.assert_allclose(d.cdf(x).array, cdf, rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(d.log_cdf(x).array, np.log(cdf), rtol=1e-12)
    np.testing.assert_allclose(d.survival_function(x).array, 1 - cdf, rtol=1e-12)
    np.testing.assert_allclose(d.log_survival_function(-x).array, np.log(cdf), rtol=1e-12)


def test_sample_shapes_moments_and_seed():
    d = D.Normal(np.array([1.0, -2.0]), np.array([0.5, 2.0]))
    flexgrad.set_seed(1)
    s = d.sample(40000).array
    assert s.shape == (40000, 2)
    np.testing.assert_allclose(s.mean(axis=0), [1.0, -2.0], atol=0.03)
    np.testing.assert_allclose(s.std(axis=0), [0.5, 2.0], rtol=0.02)
    assert d.sample((3, 4)).shape == (3, 4, 2)
    assert d.sample().shape == (2,)
    flexgrad.set_seed(7)
    first = d.sample_n(3).array
    flexgrad.set_seed(7)
    np.testing.assert_array_equal(d.sample_n(3).array, first)


def _rsample(loc, log_scale):
    flexgrad.set_seed(3)  # the same noise on every call: the sample is a function of both
    return D.Normal(loc, log_scale=log_scale).sample(2)


def test_sample_is_reparameterized_gradients_match_numerical():
    check_backward(_rsample, (LOC, LOG_SCALE), RNG.normal(size=(2, 2, 3)))


def test_log_prob_differentiates_twice():
    def log_prob(loc, log_scale, x):
        return D.Normal(loc, log_scale=log_scale).log_prob(x)

    gy = RNG.normal(size=(2, 3))
    check_backward(log_prob, (LOC, LOG_SCALE, X), gy)
    check_double_backward(log_prob, (LOC, LOG_SCALE, X), gy,
                          tuple(RNG.normal(size=(2, 3)) for _ in range(3)))


def test_backends_agree_on_log_prob_cdf_entropy_and_kl():
    def many(loc, log_scale, x):
        d = D.Normal(loc, log_scale=log_scale)
        return d.log_prob(x), d.cdf(x), d.entropy, flexgrad.kl_divergence(d, D.Normal(x, x * x))

    assert_backends_agree(many, [LOC, LOG_SCALE, X], chunks=[(1, 3)] * 3)


def test_array_api_strict_draws_numpys_samples_and_dask_stays_lazy():
    def sample(loc, log_scale):
        flexgrad.set_seed(5)  # NumPy and array_api_strict share one drawing generator
        return D.Normal(loc, log_scale=log_scale).sample(2)

    assert_backends_agree(sample, [LOC, LOG_SCALE], backends=("array_api_strict",))
    dask = flexgrad.get_device("@dask")
    s = D.Normal(dask.send(LOC), log_scale=dask.send(LOG_SCALE)).sample(2)
    assert type(s.array).__module__.startswith("dask") and s.shape == (2, 2, 3)


def test_bad_parameters_name_normal_and_the_argument():
    with pytest.raises(InvalidValueError, match=r"Normal: argument 'scale' expected exactly"):
        D.Normal(LOC, np.ones((2, 3)), log_scale=LOG_SCALE)
    with pytest.raises(InvalidValueError, match=r"'scale' expected the shape of 'loc'"):
        D.Normal(LOC, np.ones(3))
    with pytest.raises(InvalidTypeError, match=r"'loc' expected a real floating dtype"):
        D.Normal(np.zeros(3, np.int64), np.ones(3))
    with pytest.raises(InvalidTypeError, match=r"'scale' expected the dtype"):
        D.Normal(np.zeros(3), np.ones(3, np.float32))
    with pytest.raises(InvalidValueError, match=r"Normal.sample_n: argument 'n'"):
        D.Normal(LOC, log_scale=LOG_SCALE).sample_n(0)
