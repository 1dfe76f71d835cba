"""flexgrad.distributions.Independent: batch axes read as event axes."""

from __future__ import annotations

import numpy as np
import pytest

import flexgrad
import flexgrad.distributions as D
from flexgrad.errors import InvalidTypeError, InvalidValueError
from flexgrad.testing import assert_backends_agree

RNG = np.random.default_rng(3)
LOC = RNG.normal(size=(2, 3, 4))
SCALE = np.exp(RNG.normal(scale=0.3, size=(2, 3, 4)))
X = RNG.normal(size=(2, 3, 4))


def test_shapes_and_the_default_keeps_the_first_batch_axis():
    base = D.Normal(LOC, SCALE)
    d = D.Independent(base)
    assert (d.batch_shape, d.event_shape, d.reinterpreted_batch_ndims) == ((2,), (3, 4), 2)
    d1 = D.Independent(base, reinterpreted_batch_ndims=1)
    assert (d1.batch_shape, d1.event_shape) == ((2, 3), (4,))
    assert d1.sample(5).shape == (5, 2, 3, 4)
    assert D.Independent(D.Normal(LOC[0, 0], SCALE[0, 0])).batch_shape == (4,)  # max(1 - 1, 0)


def test_log_prob_and_entropy_sum_the_reinterpreted_axes():
    base = D.Normal(LOC, SCALE)
    d = D.Independent(base, 2)
    np.testing.assert_allclose(d.log_prob(X).array, base.log_prob(X).array.sum(axis=(1, 2)))
    np.testing.assert_allclose(d.entropy.array, base.entropy.array.sum(axis=(1, 2)))
    np.testing.assert_allclose(d.mean.array, LOC)
    np.testing.assert_allclose(d.variance.array, SCALE ** 2)
    np.testing.assert_allclose(D.Independent(base, 0).log_prob(X).array,
                               base.log_prob(X).array)


def test_cdfs_multiply_and_log_cdfs_sum_over_the_event():
    base = D.Normal(LOC, SCALE)
    d = D.Independent(base)
    np.testing.assert_allclose(d.cdf(X).array, base.cdf(X).array.prod(axis=(1, 2)))
    np.testing.assert_allclose(d.log_cdf(X).array, base.log_cdf(X).array.sum(axis=(1, 2)))
    np.testing.assert_allclose(d.survival_function(X).array,
                               base.survival_function(X).array.prod(axis=(1, 2)))
    np.testing.assert_allclose(d.log_survival_function(X).array,
                               np.log(d.survival_function(X).array))


def test_log_prob_of_samples_has_the_sample_and_batch_shape():
    d = D.Independent(D.Bernoulli(logit=LOC))
    flexgrad.set_seed(0)
    assert d.log_prob(d.sample((4, 5))).shape == (4, 5, 2)


def test_backends_agree():
    def f(loc, scale, x):
        return D.Independent(D.Normal(loc, scale)).log_prob(x)

    assert_backends_agree(f, [LOC, SCALE, X], chunks=[(1, 3, 2)] * 3)


def test_bad_arguments_name_independent():
    with pytest.raises(InvalidTypeError, match=r"Independent: argument 'distribution'"):
        D.Independent(LOC)
    with pytest.raises(InvalidValueError, match=r"'reinterpreted_batch_ndims' expected an "
                                                r"int in \[0, 3\]"):
        D.Independent(D.Normal(LOC, SCALE), 4)
