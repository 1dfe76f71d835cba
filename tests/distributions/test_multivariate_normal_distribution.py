"""flexgrad.distributions.MultivariateNormal against NumPy's linear algebra."""

from __future__ import annotations

import numpy as np
import pytest

import flexgrad
import flexgrad.distributions as D
from flexgrad.distributions.multivariate_normal import solve_lower
from flexgrad.errors import InvalidTypeError, InvalidValueError
from flexgrad.testing import assert_backends_agree, check_backward, check_double_backward

RNG = np.random.default_rng(5)
D_ = 3


def _tril(*batch):
    """Random Cholesky factors: lower triangular, diagonal in [0.5, 1.5]."""
    a = np.tril(RNG.normal(scale=0.5, size=(*batch, D_, D_)), -1)
    return a + np.eye(D_) * RNG.uniform(0.5, 1.5, (*batch, 1, D_))


LOC, TRIL = RNG.normal(size=(2, D_)), _tril(2)
LOC_Q, TRIL_Q = RNG.normal(size=(2, D_)), _tril(2)
X = RNG.normal(size=(4, 2, D_))


def _reference_log_prob(x, loc, tril):
    cov = tril @ np.swapaxes(tril, -1, -2)
    diff = x - loc
    m = np.einsum("...i,...ij,...j->...", diff, np.linalg.inv(cov), diff)
    return -0.5 * (m + np.linalg.slogdet(cov)[1] + D_ * np.log(2 * np.pi))


def test_solve_lower_solves_and_broadcasts():
    b = RNG.normal(size=(5, 2, D_))
    z = solve_lower(flexgrad.Variable(TRIL), flexgrad.Variable(b)).array
    np.testing.assert_allclose(np.einsum("...ij,...j->...i", TRIL, z), b, atol=1e-12)


def test_log_prob_entropy_and_moments_match_numpy():
    d = D.MultivariateNormal(LOC, scale_tril=TRIL)
    assert (d.batch_shape, d.event_shape) == ((2,), (D_,))
    np.testing.assert_allclose(d.log_prob(X).array, _reference_log_prob(X, LOC, TRIL))
    cov = TRIL @ np.swapaxes(TRIL, -1, -2)
    np.testing.assert_allclose(d.covariance.array, cov)
    np.testing.assert_allclose(d.variance.array, np.diagonal(cov, axis1=-2, axis2=-1))
    entropy = 0.5 * (np.linalg.slogdet(2 * np.pi * np.e * cov)[1])
    np.testing.assert_allclose(d.entropy.array, entropy)


def test_sample_moments():
    d = D.MultivariateNormal(LOC, scale_tril=TRIL)
    flexgrad.set_seed(4)
    s = d.sample(40000).array
    assert s.shape == (40000, 2, D_)
    np.testing.assert_allclose(s.mean(axis=0), LOC, atol=0.04)
    centered = s - s.mean(axis=0)
    cov = np.einsum("nbi,nbj->bij", centered, centered) / len(s)
    np.testing.assert_allclose(cov, d.covariance.array, atol=0.06)


def test_kl_matches_numpy_and_reduces_to_normal_for_diagonal_factors():
    p = D.MultivariateNormal(LOC, scale_tril=TRIL)
    q = D.MultivariateNormal(LOC_Q, scale_tril=TRIL_Q)
    cp, cq = (t @ np.swapaxes(t, -1, -2) for t in (TRIL, TRIL_Q))
    iq = np.linalg.inv(cq)
    diff = LOC_Q - LOC
    expected = 0.5 * (np.trace(iq @ cp, axis1=-2, axis2=-1)
                      + np.einsum("...i,...ij,...j->...", diff, iq, diff) - D_
                      + np.linalg.slogdet(cq)[1] - np.linalg.slogdet(cp)[1])
    np.testing.assert_allclose(flexgrad.kl_divergence(p, q).array, expected)
    sp, sq = np.exp(RNG.normal(size=D_)), np.exp(RNG.normal(size=D_))
    diagonal = flexgrad.kl_divergence(D.MultivariateNormal(LOC[0], scale_tril=np.diag(sp)),
                                      D.MultivariateNormal(LOC_Q[0], scale_tril=np.diag(sq)))
    normal = flexgrad.kl_divergence(D.Normal(LOC[0], sp), D.Normal(LOC_Q[0], sq))
    np.testing.assert_allclose(diagonal.array, normal.array.sum())


def test_log_prob_rsample_and_kl_differentiate():
    def f(loc, tril, x):
        d = D.MultivariateNormal(loc, scale_tril=tril)
        flexgrad.set_seed(2)
        return d.log_prob(x) + flexgrad.functions.sum(d.sample(2), axis=(0, 2))

    gy = RNG.normal(size=(2,))
    check_backward(f, (LOC, TRIL, X[0]), gy)
    check_double_backward(f, (LOC, TRIL, X[0]), gy,
                          (RNG.normal(size=LOC.shape), RNG.normal(size=TRIL.shape) * 0.1,
                           RNG.normal(size=LOC.shape)))

    def kl(loc, tril, loc_q, tril_q):
        return flexgrad.kl_divergence(D.MultivariateNormal(loc, scale_tril=tril),
                                      D.MultivariateNormal(loc_q, scale_tril=tril_q))

    check_backward(kl, (LOC, TRIL, LOC_Q, TRIL_Q), gy)


def test_backends_agree():
    def f(loc, tril, x, loc_q, tril_q):
        p = D.MultivariateNormal(loc, scale_tril=tril)
        return (p.log_prob(x), p.entropy,
                flexgrad.kl_divergence(p, D.MultivariateNormal(loc_q, scale_tril=tril_q)))

    assert_backends_agree(f, [LOC, TRIL, X, LOC_Q, TRIL_Q],
                          chunks=[(1, 3), (1, 3, 3), (2, 1, 3), (1, 3), (1, 3, 3)])


def test_bad_parameters_name_multivariate_normal():
    with pytest.raises(InvalidTypeError, match=r"MultivariateNormal: argument 'scale_tril'"):
        D.MultivariateNormal(LOC)
    with pytest.raises(InvalidValueError, match=r"'scale_tril' expected shape \(2, 3, 3\)"):
        D.MultivariateNormal(LOC, scale_tril=TRIL[0])
    with pytest.raises(InvalidValueError, match=r"'loc' expected at least one axis"):
        D.MultivariateNormal(np.array(1.0), scale_tril=np.ones((1,)))
    with pytest.raises(InvalidTypeError, match=r"'scale_tril' expected the dtype"):
        D.MultivariateNormal(LOC, scale_tril=TRIL.astype(np.float32))
