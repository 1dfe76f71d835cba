"""flexgrad.distributions.Categorical against NumPy references and its own samples."""

from __future__ import annotations

import numpy as np
import pytest

import flexgrad
import flexgrad.distributions as D
from flexgrad.errors import InvalidTypeError, InvalidValueError
from flexgrad.testing import assert_backends_agree, check_backward, check_double_backward

RNG = np.random.default_rng(2)
LOGIT = RNG.normal(size=(2, 3, 4))
P = np.exp(LOGIT) / np.exp(LOGIT).sum(axis=-1, keepdims=True)
X = RNG.integers(0, 4, size=(2, 3))


def test_log_prob_and_entropy_match_numpy_references():
    d = D.Categorical(logit=LOGIT)
    expected = np.log(np.take_along_axis(P, X[..., None], axis=-1))[..., 0]
    np.testing.assert_allclose(d.log_prob(X).array, expected)
    np.testing.assert_allclose(d.prob(X).array, np.exp(expected))
    np.testing.assert_allclose(d.entropy.array, -(P * np.log(P)).sum(axis=-1))
    assert (d.batch_shape, d.event_shape) == ((2, 3), ())
    np.testing.assert_allclose(D.Categorical(p=P).log_prob(X).array, expected)


def test_zero_probabilities_have_zero_entropy_terms_and_finite_gradients():
    p = flexgrad.Variable(np.array([[0.0, 0.5, 0.5], [1.0, 0.0, 0.0]]))
    entropy = D.Categorical(p=p).entropy  # no log(0) warning: log p is computed lazily
    np.testing.assert_allclose(entropy.array, [np.log(2), 0.0])
    entropy.grad = np.ones(2)
    entropy.backward()
    assert np.isfinite(p.grad).all()


def test_log_prob_of_samples_broadcasts_over_the_sample_axes():
    d = D.Categorical(logit=LOGIT)
    xs = np.stack([X, (X + 1) % 4])
    np.testing.assert_allclose(d.log_prob(xs).array[1], d.log_prob((X + 1) % 4).array)


def test_sample_frequencies_match_p():
    p = np.array([[0.1, 0.2, 0.7], [0.5, 0.25, 0.25]])
    flexgrad.set_seed(3)
    s = D.Categorical(p=p).sample(20000).array
    assert s.shape == (20000, 2)
    counts = np.stack([(s == k).mean(axis=0) for k in range(3)], axis=-1)
    np.testing.assert_allclose(counts, p, atol=0.015)


def test_log_prob_and_entropy_differentiate_twice():
    def f(logit):
        d = D.Categorical(logit=logit)
        return d.log_prob(X) + d.entropy

    gy = RNG.normal(size=(2, 3))
    check_backward(f, LOGIT, gy)
    check_double_backward(f, LOGIT, gy, RNG.normal(size=LOGIT.shape))


def test_backends_agree_and_sample_on_each():
    def f(logit, x):
        d = D.Categorical(logit=logit)
        return d.log_prob(x), d.entropy

    assert_backends_agree(f, [LOGIT, X], chunks=[(1, 3, 4), (1, 3)])
    for spec in ("@dask", "@array_api_strict", "@torch", "@jax"):
        s = D.Categorical(logit=flexgrad.get_device(spec).send(LOGIT)).sample(5)
        assert s.shape == (5, 2, 3)


def test_bad_inputs_name_categorical_and_the_argument():
    with pytest.raises(InvalidValueError, match=r"Categorical: argument 'p' expected at least"):
        D.Categorical(p=np.array(1.0))
    with pytest.raises(InvalidTypeError, match=r"log_prob: argument 'x' expected an integer"):
        D.Categorical(logit=LOGIT).log_prob(X.astype(np.float64))
    with pytest.raises(InvalidValueError, match=r"ending with the batch shape \(2, 3\)"):
        D.Categorical(logit=LOGIT).log_prob(X[0])
