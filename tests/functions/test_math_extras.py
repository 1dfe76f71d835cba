"""Math extras: fmod's two paths, cumprod through zeros, the ops without gradient,
tensor products against NumPy, bias/scale, identity, and the errors they raise."""

import dask.array as da
import numpy as np
import pytest

import flexgrad
import flexgrad.functions as F
from flexgrad.backends import Backend, get_backend
from flexgrad.errors import InvalidTypeError, InvalidValueError
from flexgrad.testing import check_backward, check_double_backward

RNG = np.random.default_rng(0)


def test_fmod_standard_path_agrees_with_numpy():
    x = RNG.uniform(-10, 10, size=200)
    d = RNG.choice([-3.0, -0.7, 0.7, 2.5], size=200)
    np.testing.assert_allclose(Backend.fmod(get_backend("numpy"), x, d), np.fmod(x, d),
                               rtol=1e-12, atol=1e-12)
    strict = flexgrad.get_device("@array_api_strict")
    y = F.fmod(strict.send(x), strict.send(d)).array
    np.testing.assert_allclose(np.asarray(y), np.fmod(x, d), rtol=1e-12, atol=1e-12)
    lazy = F.fmod(da.from_array(x, chunks=50), da.from_array(d, chunks=50)).array
    np.testing.assert_array_equal(lazy.compute(), np.fmod(x, d))


def test_fmod_gradient_follows_chainer():
    x, d = flexgrad.Variable(np.array([7.5, -7.5])), flexgrad.Variable(np.array([2.0, 2.0]))
    F.sum(F.fmod(x, d)).backward()
    np.testing.assert_array_equal(x.grad, [1.0, 1.0])
    np.testing.assert_array_equal(d.grad, [-3.0, 3.0])


def test_cumprod_gradient_is_exact_through_zeros():
    x = np.array([2.0, 0.0, 3.0, 0.0, 5.0])
    v = flexgrad.Variable(x)
    F.sum(F.cumprod(v)).backward()
    expected = [1 + 0 * 3, 2 + 2 * 3, 0.0, 0.0, 0.0]  # d/dx_i of sum_j prod_{k<=j} x_k
    np.testing.assert_array_equal(v.grad, expected)
    check_double_backward(lambda a: F.cumprod(a, axis=1), np.array([[0.0, 1.5, 0.0, -2.0]]),
                          RNG.normal(size=(1, 4)), RNG.normal(size=(1, 4)))


def test_cumsum_and_cumprod_flatten_without_axis():
    x = np.arange(1.0, 7.0).reshape(2, 3)
    np.testing.assert_array_equal(F.cumsum(x).array, np.cumsum(x))
    np.testing.assert_array_equal(F.cumprod(x).array, np.cumprod(x))
    np.testing.assert_array_equal(F.cumsum(x, axis=-2).array, np.cumsum(x, axis=0))
    with pytest.raises(InvalidValueError, match="axis"):
        F.cumsum(x, axis=2)


@pytest.mark.parametrize("fn", [F.floor, F.ceil, F.sign])
def test_rounding_cuts_the_graph_and_keeps_the_dtype(fn):
    x = flexgrad.Variable(np.array([-1.5, 0.0, 2.25], dtype=np.float32))
    y = fn(x)
    assert y.dtype == np.float32 and y.creator is None and not y.requires_grad
    np.testing.assert_array_equal(y.array, getattr(np, fn.__name__)(x.array))
    assert fn(np.array([3, -2])).array.dtype == np.int64  # integers are accepted


@pytest.mark.parametrize("fn", [F.argmax, F.argmin])
def test_arg_extrema_are_int32_without_gradient(fn):
    x = np.array([[1.0, 5.0, 5.0], [7.0, 2.0, 7.0]])
    for axis in (None, 0, 1, -1):
        y = fn(flexgrad.Variable(x), axis=axis)
        assert y.dtype == np.int32 and not y.requires_grad
        np.testing.assert_array_equal(y.array, getattr(np, fn.__name__)(x, axis=axis))
    lazy = fn(da.from_array(x, chunks=1), axis=1)
    np.testing.assert_array_equal(lazy.array.compute(), getattr(np, fn.__name__)(x, axis=1))
    with pytest.raises(InvalidValueError, match="at least one element"):
        fn(np.zeros((2, 0)), axis=1)
    with pytest.raises(InvalidTypeError, match="real floating"):
        fn(np.array([1, 2]))


@pytest.mark.parametrize(("shapes", "axes"), [
    (((2, 3, 4), (3, 4, 5)), 2), (((2, 3), (3, 4)), 1), (((2,), (3,)), 0),
    (((3, 2, 4), (4, 3)), ([0, 2], [1, 0])), (((3, 2), (2, 3)), (1, 0)),
    (((2, 3), (3, 2)), [[-1], [0]]),
])
def test_tensordot_matches_numpy(shapes, axes):
    a, b = (RNG.normal(size=s) for s in shapes)
    np.testing.assert_allclose(F.tensordot(a, b, axes).array, np.tensordot(a, b, axes),
                               rtol=1e-12)


@pytest.mark.parametrize(("axes", "match"), [
    (3, "int in"), (([0], [0, 1]), "one length"), ("x", "int or a pair"),
    (([0, 0], [0, 1]), "distinct"), (([1], [1]), "length 3 on axis 1"),
])
def test_tensordot_errors(axes, match):
    with pytest.raises((InvalidValueError, InvalidTypeError), match=match):
        F.tensordot(np.ones((2, 3)), np.ones((2, 4)), axes)


def test_batch_matmul_follows_chainer_shapes():
    a, b = RNG.normal(size=(3, 2)), RNG.normal(size=(3, 2))
    y = F.batch_matmul(a, b, transb=True)  # B column vectors times B row vectors
    np.testing.assert_allclose(y.array, a[:, :, None] * b[:, None, :])
    a, b = RNG.normal(size=(2, 4, 3)), RNG.normal(size=(2, 2, 4))
    np.testing.assert_allclose(F.batch_matmul(a, b, transa=True, transb=True).array,
                               np.swapaxes(a, 1, 2) @ np.swapaxes(b, 1, 2))
    with pytest.raises(InvalidValueError, match="2 or more dims"):
        F.batch_matmul(np.ones(3), np.ones(3))


def test_bias_and_scale_follow_caffe_broadcasting():
    x, y = RNG.normal(size=(2, 3, 4, 5)), RNG.normal(size=(3, 4))
    np.testing.assert_allclose(F.bias(x, y).array, x + y[None, :, :, None])
    np.testing.assert_allclose(F.scale(x, y, axis=1).array, x * y[None, :, :, None])
    np.testing.assert_allclose(F.scale(x, y[0], axis=-2).array, x * y[0][:, None])
    with pytest.raises(InvalidValueError, match="shape of x's axes 2"):
        F.bias(x, y, axis=2)


def test_identity_passes_values_and_gradients():
    a, b = flexgrad.Variable(np.ones(2)), flexgrad.Variable(np.zeros(3))
    ya, yb = F.identity(a, b)
    assert ya.creator is yb.creator and ya.creator is not None
    F.sum(ya * 2.0).backward()
    np.testing.assert_array_equal(a.grad, [2.0, 2.0])
    assert b.grad is None
    assert isinstance(F.identity(a), flexgrad.Variable)


def test_arctan2_quadrants_and_scalars():
    x1, x2 = np.array([1.0, 1.0, -1.0, -1.0]), np.array([1.0, -1.0, -1.0, 1.0])
    np.testing.assert_allclose(F.arctan2(x1, x2).array, np.arctan2(x1, x2))
    np.testing.assert_allclose(F.arctan2(2.0, x2).array, np.arctan2(2.0, x2))
    check_backward(lambda a: F.arctan2(a, 0.5), np.array([0.3, -1.2]))


def test_linear_interpolate_and_batch_l2_norm_squared():
    p, x, y = RNG.uniform(size=(2, 3)), RNG.normal(size=(2, 3)), RNG.normal(size=(2, 3))
    np.testing.assert_allclose(F.linear_interpolate(p, x, y).array, p * x + (1 - p) * y)
    with pytest.raises(InvalidValueError, match="shape of p"):
        F.linear_interpolate(p, x, y[:1])
    z = RNG.normal(size=(3, 2, 2))
    np.testing.assert_allclose(F.batch_l2_norm_squared(z).array, (z ** 2).sum(axis=(1, 2)))
    with pytest.raises(InvalidValueError, match="2 or more dims"):
        F.batch_l2_norm_squared(np.ones(3))


@pytest.mark.parametrize(("fn", "x"), [
    (F.arcsin, 0.5), (F.arccos, 0.5), (F.arctan, 2.0), (F.sinh, 1.0), (F.cosh, 1.0),
    (F.arctanh, 0.5), (F.log2, 3.0), (F.log10, 3.0), (F.rsqrt, 3.0),
])
def test_elementwise_values(fn, x):
    name = {"arcsin": "arcsin", "rsqrt": None}.get(fn.__name__, fn.__name__)
    expected = 1 / np.sqrt(x) if name is None else getattr(np, name)(x)
    np.testing.assert_allclose(fn(np.array([x])).array, [expected], rtol=1e-14)
