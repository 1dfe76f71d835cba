"""flexgrad.distributions.Bernoulli against NumPy references and its own samples."""

from __future__ import annotations

import numpy as np
import pytest

import flexgrad
import flexgrad.distributions as D
from flexgrad.errors import InvalidTypeError, InvalidValueError
from flexgrad.testing import assert_backends_agree, check_backward, check_double_backward

RNG = np.random.default_rng(1)
LOGIT = RNG.normal(scale=2.0, size=(3, 4))
P = 1 / (1 + np.exp(-LOGIT))
X = (RNG.random((3, 4)) < 0.5).astype(np.float64)


def test_log_prob_entropy_and_moments_match_numpy_references():
    d = D.Bernoulli(logit=LOGIT)
    np.testing.assert_allclose(d.log_prob(X).array, X * np.log(P) + (1 - X) * np.log(1 - P))
    np.testing.assert_allclose(d.prob(X).array, np.where(X == 1, P, 1 - P))
    np.testing.assert_allclose(d.entropy.array, -P * np.log(P) - (1 - P) * np.log(1 - P))
    np.testing.assert_allclose(d.mean.array, P)
    np.testing.assert_allclose(d.variance.array, P * (1 - P))
    np.testing.assert_allclose(d.stddev.array, np.sqrt(P * (1 - P)))
    assert (d.batch_shape, d.event_shape) == ((3, 4), ())


def test_p_and_logit_give_the_same_distribution():
    a, b = D.Bernoulli(p=P), D.Bernoulli(logit=LOGIT)
    np.testing.assert_allclose(a.logit.array, LOGIT)
    np.testing.assert_allclose(a.log_prob(X).array, b.log_prob(X).array)


def test_large_logits_do_not_overflow():
    d = D.Bernoulli(logit=np.array([-800.0, 800.0]))
    np.testing.assert_allclose(d.log_prob(np.array([0.0, 1.0])).array, [0.0, 0.0])
    np.testing.assert_allclose(d.log_prob(np.array([1.0, 0.0])).array, [-800.0, -800.0])
    np.testing.assert_allclose(d.entropy.array, [0.0, 0.0], atol=1e-300)


def test_p_of_zero_or_one_has_zero_entropy_and_finite_gradients():
    p = flexgrad.Variable(np.array([0.0, 1.0, 0.3]))
    entropy = D.Bernoulli(p=p).entropy
    np.testing.assert_allclose(entropy.array, [0.0, 0.0, -0.3 * np.log(0.3) - 0.7 * np.log(0.7)])
    entropy.grad = np.ones(3)
    entropy.backward()
    np.testing.assert_allclose(p.grad[2], np.log(0.7 / 0.3))
    assert np.isfinite(p.grad).all()


def test_binary_check_gives_minus_inf_off_zero_and_one():
    x = np.array([0.0, 1.0, 0.3])
    checked = D.Bernoulli(logit=np.zeros(3), binary_check=True).log_prob(x).array
    np.testing.assert_allclose(checked, [np.log(0.5), np.log(0.5), -np.inf])
    plain = D.Bernoulli(logit=np.zeros(3)).log_prob(x).array
    np.testing.assert_allclose(plain, np.full(3, np.log(0.5)))  # the cross-entropy


def test_sample_frequencies_match_p_and_the_seed_fixes_them():
    d = D.Bernoulli(p=np.array([0.1, 0.5, 0.9]))
    flexgrad.set_seed(2)
    s = d.sample(20000).array
    assert s.shape == (20000, 3) and s.dtype == np.float64
    assert set(np.unique(s)) <= {0.0, 1.0}
    np.testing.assert_allclose(s.mean(axis=0), [0.1, 0.5, 0.9], atol=0.015)
    flexgrad.set_seed(2)
    np.testing.assert_array_equal(d.sample(20000).array, s)


def test_log_prob_and_entropy_differentiate_twice():
    def f(logit, x):
        d = D.Bernoulli(logit=logit)
        return d.log_prob(x) + d.entropy

    gy = RNG.normal(size=(3, 4))
    check_backward(f, (LOGIT, X), gy)
    check_double_backward(f, (LOGIT, X), gy, (RNG.normal(size=(3, 4)),) * 2)


def test_backends_agree():
    def f(logit, x):
        d = D.Bernoulli(logit=logit)
        return d.log_prob(x), d.entropy, d.variance

    assert_backends_agree(f, [LOGIT, X], chunks=[(2, 2)] * 2)


def test_bad_parameters_name_bernoulli_and_the_argument():
    with pytest.raises(InvalidValueError, match=r"Bernoulli: argument 'p' expected exactly one"):
        D.Bernoulli()
    with pytest.raises(InvalidTypeError, match=r"Bernoulli: argument 'logit' expected a real"):
        D.Bernoulli(logit=np.array([1, 2]))
    with pytest.raises(InvalidTypeError, match=r"argument 'p' expected a Variable or an array"):
        D.Bernoulli(p=0.5)
