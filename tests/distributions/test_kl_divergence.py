"""flexgrad.kl_divergence: closed forms, Monte Carlo estimates and register_kl."""

from __future__ import annotations

import numpy as np
import pytest

import flexgrad
import flexgrad.distributions as D
from flexgrad.errors import InvalidValueError
from flexgrad.testing import assert_backends_agree, check_backward, check_double_backward

RNG = np.random.default_rng(4)
SHAPE = (2, 3)
LOC_P, LOC_Q = RNG.normal(size=SHAPE), RNG.normal(size=SHAPE)
LS_P, LS_Q = RNG.normal(scale=0.3, size=SHAPE), RNG.normal(scale=0.3, size=SHAPE)


def test_normal_normal_matches_the_closed_form_and_a_monte_carlo_estimate():
    p, q = D.Normal(LOC_P, log_scale=LS_P), D.Normal(LOC_Q, log_scale=LS_Q)
    sp, sq = np.exp(LS_P), np.exp(LS_Q)
    expected = np.log(sq / sp) + (sp ** 2 + (LOC_P - LOC_Q) ** 2) / (2 * sq ** 2) - 0.5
    kl = flexgrad.kl_divergence(p, q).array
    np.testing.assert_allclose(kl, expected)
    flexgrad.set_seed(0)
    z = p.sample(50000)
    estimate = (p.log_prob(z) - q.log_prob(z)).array.mean(axis=0)
    np.testing.assert_allclose(estimate, expected, atol=0.03)
    assert D.kl_divergence is flexgrad.kl_divergence


def test_the_vae_penalty_is_the_kl_from_a_standard_normal():
    q = D.Normal(LOC_P, log_scale=LS_P)
    prior = D.Normal(np.zeros(SHAPE), np.ones(SHAPE))
    expected = flexgrad.functions.gaussian_kl_divergence(LOC_P, 2 * LS_P, reduce="no")
    np.testing.assert_allclose(flexgrad.kl_divergence(q, prior).array, expected.array)


def test_bernoulli_and_categorical_match_numpy():
    lp, lq = RNG.normal(size=SHAPE), RNG.normal(size=SHAPE)
    pp, pq = 1 / (1 + np.exp(-lp)), 1 / (1 + np.exp(-lq))
    kl = flexgrad.kl_divergence(D.Bernoulli(logit=lp), D.Bernoulli(p=pq)).array
    expected = pp * np.log(pp / pq) + (1 - pp) * np.log((1 - pp) / (1 - pq))
    np.testing.assert_allclose(kl, expected, rtol=1e-10)
    a, b = RNG.dirichlet(np.ones(4), size=3), RNG.dirichlet(np.ones(4), size=3)
    kl = flexgrad.kl_divergence(D.Categorical(p=a), D.Categorical(logit=np.log(b))).array
    np.testing.assert_allclose(kl, (a * np.log(a / b)).sum(axis=-1))


def test_independent_sums_its_base_kl_and_broadcasts_batches():
    q = D.Independent(D.Normal(LOC_P, log_scale=LS_P))
    prior = D.Independent(D.Normal(np.zeros(3), np.ones(3)), reinterpreted_batch_ndims=1)
    base = flexgrad.kl_divergence(D.Normal(LOC_P, log_scale=LS_P),
                                  D.Normal(np.zeros(SHAPE), np.ones(SHAPE)))
    np.testing.assert_allclose(flexgrad.kl_divergence(q, prior).array,
                               base.array.sum(axis=1))
    with pytest.raises(InvalidValueError, match=r"reinterpreted_batch_ndims=1 \(that of"):
        flexgrad.kl_divergence(q, D.Independent(D.Normal(LOC_P, LOC_P * 0 + 1), 0))


def test_cross_entropy_is_entropy_plus_kl():
    p, q = D.Normal(LOC_P, log_scale=LS_P), D.Normal(LOC_Q, log_scale=LS_Q)
    flexgrad.set_seed(1)
    z = p.sample(50000)
    np.testing.assert_allclose(D.cross_entropy(p, q).array,
                               -q.log_prob(z).array.mean(axis=0), atol=0.03)


def test_kl_differentiates_twice_in_all_parameters():
    def kl(loc_p, ls_p, loc_q, ls_q):
        return flexgrad.kl_divergence(D.Normal(loc_p, log_scale=ls_p),
                                      D.Normal(loc_q, log_scale=ls_q))

    xs = (LOC_P, LS_P, LOC_Q, LS_Q)
    gy = RNG.normal(size=SHAPE)
    check_backward(kl, xs, gy)
    check_double_backward(kl, xs, gy, tuple(RNG.normal(size=SHAPE) for _ in xs))


def test_backends_agree_on_every_registered_pair():
    def kls(a, b):
        return (flexgrad.kl_divergence(D.Bernoulli(logit=a), D.Bernoulli(logit=b)),
                flexgrad.kl_divergence(D.Categorical(logit=a), D.Categorical(logit=b)),
                flexgrad.kl_divergence(D.Independent(D.Normal(a, log_scale=b)),
                                       D.Independent(D.Normal(b, log_scale=a))))

    assert_backends_agree(kls, [LOC_P, LOC_Q], chunks=[(1, 3)] * 2)


def test_register_kl_dispatches_on_both_types_and_subclasses_inherit():
    class Smooth(D.Normal):
        pass

    class Rough(D.Normal):
        pass

    @D.register_kl(Smooth, Rough)
    def _kl_smooth_rough(p, q):
        return "smooth-rough"

    one = np.ones(2)
    assert flexgrad.kl_divergence(Smooth(one, one), Rough(one, one)) == "smooth-rough"
    assert flexgrad.kl_divergence(Rough(one, one), Smooth(one, one)).shape == (2,)


def test_a_pair_without_a_kl_is_a_clear_not_implemented_error():
    with pytest.raises(NotImplementedError, match=r"kl_divergence: argument 'dist2' expected "
                                                  r"a distribution with a KL registered "
                                                  r"against Normal .* got Bernoulli"):
        flexgrad.kl_divergence(D.Normal(np.zeros(2), np.ones(2)),
                               D.Bernoulli(p=np.full(2, 0.5)))
    with pytest.raises(D.KLNotImplementedError):
        flexgrad.kl_divergence(D.Bernoulli(p=np.full(2, 0.5)),
                               D.Normal(np.zeros(2), np.ones(2)))
