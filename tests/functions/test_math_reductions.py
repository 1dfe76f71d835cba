"""sum, mean/average, max, min, logsumexp and prod: axes, keepdims, ties, zeros, backends."""

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

X = np.arange(24.0).reshape(2, 3, 4) / 10 - 1


def gradient(fn, a, gy=None):
    x = Variable(a)
    y = fn(x)
    y.grad = np.ones(y.shape, y.dtype) if gy is None else gy
    y.backward()
    return y.array, x.grad


def numerical_gradient(fn, a, gy, eps=1e-6):
    g = np.zeros_like(a)
    for i in np.ndindex(a.shape):
        up, down = a.copy(), a.copy()
        up[i] += eps
        down[i] -= eps
        g[i] = np.sum((fn(up).array - fn(down).array) * gy) / (2 * eps)
    return g


REDUCTIONS = {
    "sum": (F.sum, np.sum),
    "mean": (F.mean, np.mean),
    "max": (F.max, np.max),
    "min": (F.min, np.min),
    "prod": (F.prod, np.prod),
}


@pytest.mark.parametrize("keepdims", [False, True])
@pytest.mark.parametrize("axis", [None, 1, -1, (0, 2), (-1, 0)])
@pytest.mark.parametrize("name", REDUCTIONS)
def test_axes_and_keepdims_match_numpy(name, axis, keepdims):
    fn, ref = REDUCTIONS[name]

    def f(x):
        return fn(x, axis=axis, keepdims=keepdims)

    expected = ref(X, axis=axis, keepdims=keepdims)
    gy = np.random.default_rng(0).normal(size=expected.shape)
    y, g = gradient(f, X, gy)
    assert y.shape == expected.shape
    np.testing.assert_allclose(y, expected, rtol=1e-12)
    np.testing.assert_allclose(g, numerical_gradient(f, X, gy), rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("axis", [None, 1, -1, (0, 2)])
def test_logsumexp_matches_numpy_and_is_stable(axis):
    big = X * 1000 + 5000

    def ref(a):
        m = np.max(a, axis=axis, keepdims=True)
        return np.squeeze(np.log(np.sum(np.exp(a - m), axis=axis, keepdims=True)) + m,
                          axis=axis if axis is not None else None)

    y, g = gradient(lambda x: F.logsumexp(x, axis=axis), big)
    np.testing.assert_allclose(y, ref(big), rtol=1e-12)
    assert np.all(np.isfinite(g))
    y, g = gradient(lambda x: F.logsumexp(x, axis=axis), X)
    np.testing.assert_allclose(g, numerical_gradient(lambda x: F.logsumexp(x, axis=axis), X,
                                                     np.ones(y.shape)), rtol=1e-6)


def test_logsumexp_of_infinite_slices():
    a = np.array([[np.inf, 0.0], [-np.inf, 1.0]])
    np.testing.assert_array_equal(F.logsumexp(a, axis=1).array, [np.inf, 1.0])


@pytest.mark.parametrize("fn", [F.max, F.min])
def test_max_and_min_ties_give_every_tied_position_the_gradient(fn):
    _, g = gradient(lambda x: fn(x, axis=1), np.array([[2.0, 2.0, 2.0], [1.0, 3.0, 1.0]]))
    expected = [[1.0, 1.0, 1.0], [0.0, 1.0, 0.0]] if fn is F.max else [[1.0] * 3, [1, 0, 1]]
    np.testing.assert_array_equal(g, expected)


def test_prod_gradient_with_zeros():
    a = np.array([[2.0, 0.0, 3.0], [0.0, 5.0, 0.0], [1.0, 2.0, 4.0]])
    y, g = gradient(lambda x: F.prod(x, axis=1), a)
    np.testing.assert_array_equal(y, [0.0, 0.0, 8.0])
    np.testing.assert_array_equal(g, [[0.0, 6.0, 0.0], [0.0, 0.0, 0.0], [8.0, 4.0, 2.0]])


def test_prod_second_derivative_with_zeros():
    a = np.array([[2.0, 0.0, 3.0, -1.0], [0.0, 5.0, 0.0, 2.0]])
    x = Variable(a)
    (g,) = flexgrad.grad([F.sum(F.prod(x, axis=1))], [x], enable_double_backprop=True)
    w = np.arange(8.0).reshape(2, 4)
    F.sum(g * w).backward()

    def grad_dot_w(b):
        return np.sum(gradient(lambda v: F.prod(v, axis=1), b)[1] * w)

    numeric = np.zeros_like(a)
    for i in np.ndindex(a.shape):
        up, down = a.copy(), a.copy()
        up[i] += 1e-6
        down[i] -= 1e-6
        numeric[i] = (grad_dot_w(up) - grad_dot_w(down)) / 2e-6
    np.testing.assert_allclose(x.grad, numeric, atol=1e-6)


def test_mean_with_weights_along_an_axis():
    x = Variable(np.array([[1.0, 2.0, 4.0], [3.0, 0.0, 6.0]]))
    w = Variable(np.array([1.0, 1.0, 2.0]))
    y = F.mean(x, axis=-1, weights=w, keepdims=True)
    y.grad = np.ones((2, 1))
    y.backward()
    np.testing.assert_allclose(y.array, [[11 / 4], [15 / 4]])
    np.testing.assert_allclose(x.grad, [[0.25, 0.25, 0.5]] * 2)
    # d/dw_j sum_i (x_ij - y_i) / sum(w)
    np.testing.assert_allclose(w.grad, ((x.array - y.array) / 4).sum(axis=0))


def test_mean_with_weights_over_all_axes_and_the_average_alias():
    a, w = np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[0.0, 1.0], [1.0, 2.0]])
    np.testing.assert_allclose(F.average(a, weights=w).array, np.average(a, weights=w))
    assert F.average is F.mean


def test_mean_weight_errors():
    x = np.zeros((2, 3))
    with pytest.raises(InvalidValueError, match=r"functions\.mean: argument 'weights'.*\(3,\)"):
        F.mean(x, axis=1, weights=np.ones(2))
    with pytest.raises(InvalidValueError, match=r"functions\.mean: argument 'weights'.*\(2, 3\)"):
        F.mean(x, weights=np.ones(3))
    with pytest.raises(InvalidValueError, match=r"functions\.mean: argument 'axis'"):
        F.mean(x, axis=(0, 1), weights=np.ones((2, 3)))
    with pytest.raises(InvalidTypeError, match=r"functions\.mean: argument 'weights'.*float32"):
        F.mean(x, axis=1, weights=np.ones(3, dtype=np.float32))


@pytest.mark.parametrize("name", [*REDUCTIONS, "logsumexp"])
def test_bad_axes_and_dtypes_are_refused_by_name(name):
    fn = getattr(F, name)
    x = np.zeros((2, 3))
    with pytest.raises(InvalidValueError, match=rf"functions\.{name}: argument 'axis'.*\[-2, 2\)"):
        fn(x, axis=2)
    with pytest.raises(InvalidValueError, match=rf"functions\.{name}: argument 'axis'.*distinct"):
        fn(x, axis=(1, -1))
    with pytest.raises(InvalidTypeError, match=rf"functions\.{name}: argument 'axis'"):
        fn(x, axis=1.0)
    with pytest.raises(InvalidTypeError, match=rf"functions\.{name}: argument 'x'.*int64"):
        fn(np.zeros((2, 3), dtype=np.int64))


@pytest.mark.parametrize("fn", [F.max, F.min, F.logsumexp])
def test_reductions_without_identity_refuse_empty_input(fn):
    with pytest.raises(InvalidValueError, match=r"argument 'x'.*at least one element"):
        fn(np.zeros((0, 3)), axis=0)


@pytest.mark.parametrize("name", [*REDUCTIONS, "logsumexp"])
def test_float32_stays_float32(name):
    y, g = gradient(lambda x: getattr(F, name)(x, axis=1), X.astype(np.float32))
    assert y.dtype == np.float32 and g.dtype == np.float32


@pytest.mark.parametrize("name", [*REDUCTIONS, "logsumexp"])
def test_backends_agree_and_dask_stays_lazy(name):
    def refuse(*args, **kwargs):
        raise AssertionError("computed")

    def f(x):
        return getattr(F, name)(x, axis=(0, -1))

    y_ref, g_ref = gradient(f, X)
    with dask.config.set(scheduler=refuse):
        lazy = gradient(f, da.from_array(X, chunks=(1, 2, 2)), da.ones(y_ref.shape, chunks=1))
    assert all(isinstance(a, da.Array) for a in lazy)
    for y, g in (lazy, gradient(f, strict.asarray(X), strict.ones(y_ref.shape))):
        np.testing.assert_allclose(backend_of(y).to_numpy(y), y_ref, rtol=1e-12)
        np.testing.assert_allclose(backend_of(g).to_numpy(g), g_ref, rtol=1e-12)


def test_prod_double_backprop_on_strict():
    x = Variable(strict.asarray([[2.0, 0.0, 3.0]]))
    (g,) = flexgrad.grad([F.sum(F.prod(x, axis=1))], [x], enable_double_backprop=True)
    F.sum(g).backward()
    np.testing.assert_array_equal(backend_of(x.grad).to_numpy(x.grad), [[3.0, 5.0, 2.0]])
