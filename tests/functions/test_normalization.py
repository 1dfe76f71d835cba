"""Normalization functions: Chainer's axis rules and running statistics on every backend,
exact higher derivatives, zero slices, both backward paths, and bad input."""

import array_api_strict as strict
import dask.array as da
import numpy as np
import pytest

import flexgrad
import flexgrad.functions as F
from flexgrad import Variable
from flexgrad.errors import InvalidTypeError, InvalidValueError


def standardized(x, axes, eps):
    return (x - x.mean(axes, keepdims=True)) / np.sqrt(x.var(axes, keepdims=True) + eps)


def bn_reference(x, gamma, beta, axes, eps=2e-5):
    shape = [1 if i in axes else n for i, n in enumerate(x.shape)]
    return standardized(x, axes, eps) * gamma.reshape(shape) + beta.reshape(shape)


@pytest.mark.parametrize(("gamma_shape", "axes"), [((3,), (0, 2, 3)), ((3, 2), (0, 3))])
def test_batch_normalization_default_axes_follow_gammas_ndim(gamma_shape, axes):
    rng = np.random.default_rng(0)
    x = rng.standard_normal((4, 3, 2, 2))
    gamma, beta = rng.standard_normal(gamma_shape), rng.standard_normal(gamma_shape)
    y = F.batch_normalization(x, gamma, beta)
    np.testing.assert_allclose(y.array, bn_reference(x, gamma, beta, axes), rtol=1e-12)


def _send(name, a):
    return {"numpy": lambda: a.copy(), "dask": lambda: da.from_array(a.copy(), chunks=1),
            "array_api_strict": lambda: strict.asarray(a)}[name]()


@pytest.mark.parametrize("backend", ["numpy", "dask", "array_api_strict"])
def test_running_statistics_update_in_place(backend):
    x = np.array([[1.0, 10.0], [3.0, 30.0], [5.0, 20.0]], dtype=np.float32)
    mean, var = _send(backend, np.zeros(2, np.float32)), _send(backend, np.ones(2, np.float32))
    xs = _send(backend, x)
    F.batch_normalization(xs, _send(backend, np.ones(2, np.float32)),
                          _send(backend, np.zeros(2, np.float32)), running_mean=mean,
                          running_var=var, decay=0.5)
    device = flexgrad.get_device("@" + backend)
    got_mean = device.backend.to_numpy(mean)
    got_var = device.backend.to_numpy(var)
    np.testing.assert_allclose(got_mean, 0.5 * x.mean(0), rtol=1e-6)
    np.testing.assert_allclose(got_var, 0.5 + 0.5 * x.var(0, ddof=1), rtol=1e-6)  # unbiased
    assert got_mean.dtype == np.float32


def test_running_statistics_in_a_variable_holder():
    holder = Variable(np.zeros(1), requires_grad=False)
    before = holder.array
    F.batch_normalization(np.array([[1.0], [3.0]]), np.ones(1), np.zeros(1),
                          running_mean=holder)
    np.testing.assert_allclose(holder.array, [0.2])
    np.testing.assert_array_equal(before, [0.0])  # a new array, the old one untouched


def test_batch_of_one_gives_beta_and_no_gradient():
    x = Variable(np.array([[1.0, -2.0]]))
    y = F.batch_normalization(x, np.ones(2), np.array([0.5, 0.25]))
    np.testing.assert_array_equal(y.array, [[0.5, 0.25]])
    F.sum(y * np.array([[3.0, 4.0]])).backward()
    np.testing.assert_array_equal(x.grad, [[0.0, 0.0]])


@pytest.mark.parametrize("holder", [
    np.array, lambda a: Variable(np.array(a), requires_grad=False)], ids=["array", "variable"])
def test_batch_renormalization_running_var_takes_the_batch_variance_without_eps(holder):
    """As Chainer: ``eps`` enters sigma only; the running variance gets the unbiased
    batch variance (here 2) and no ``eps``."""
    mean, var = holder([0.0]), holder([1.0])
    F.batch_renormalization(np.array([[1.0], [3.0]]), np.ones(1), np.zeros(1), 2.0, 1.0,
                            eps=0.5, running_mean=mean, running_var=var, decay=0.0,
                            update_statistics=True)
    np.testing.assert_allclose(flexgrad.as_array(var), [2.0])
    np.testing.assert_allclose(flexgrad.as_array(mean), [2.0])


def _composite_bn(x, gamma, beta, eps=2e-5):
    """Batch normalization from flexgrad's elementwise functions and reductions."""
    centred = x - F.mean(x, axis=0, keepdims=True)
    var = F.mean(centred * centred, axis=0, keepdims=True)
    return centred * (var + eps) ** -0.5 * gamma + beta


def test_batch_normalization_third_derivative_matches_the_composite():
    """d/dx of a Hessian-vector product, computed through the node's own backward."""
    rng = np.random.default_rng(1)
    x0, gamma = rng.standard_normal((4, 2)), rng.standard_normal(2)
    w, v = rng.standard_normal((4, 2)), rng.standard_normal((4, 2))
    results = {}
    for f in (F.batch_normalization, _composite_bn):
        x = Variable(x0)
        (g,) = flexgrad.grad([F.sum(F.tanh(f(x, gamma, np.zeros(2))) * w)], [x],
                             enable_double_backprop=True)
        (hv,) = flexgrad.grad([F.sum(g * v)], [x], enable_double_backprop=True)
        (third,) = flexgrad.grad([F.sum(hv * hv)], [x])
        results[f] = [g.array, hv.array, third.array]
    for ours, composite in zip(results[F.batch_normalization], results[_composite_bn],
                               strict=True):
        np.testing.assert_allclose(ours, composite, rtol=1e-9, atol=1e-11)


@pytest.mark.parametrize("fn", [
    lambda x: F.batch_normalization(x, np.arange(1.0, 4.0), np.zeros(3)),
    lambda x: F.group_normalization(x, 3, np.arange(1.0, 4.0), np.zeros(3)),
    lambda x: F.normalize(x),
    lambda x: F.local_response_normalization(x, 3, 1, 0.5),
], ids=["batch", "group", "l2", "lrn"])
def test_first_order_paths_agree(fn):
    """Backward on raw arrays (no graph) equals the recorded Variable path."""
    rng = np.random.default_rng(2)
    x0, gy = rng.standard_normal((4, 3, 2)), rng.standard_normal((4, 3, 2))
    grads = []
    for double in (False, True):
        x = Variable(x0)
        grads.append(flexgrad.grad([fn(x)], [x], [gy], enable_double_backprop=double)[0].array)
    np.testing.assert_allclose(grads[0], grads[1], rtol=1e-12, atol=1e-14)


def test_fixed_batch_normalization_with_the_batch_statistics_is_batch_normalization():
    rng = np.random.default_rng(3)
    x, gamma, beta = rng.standard_normal((5, 3)), rng.standard_normal(3), rng.standard_normal(3)
    fixed = F.fixed_batch_normalization(x, gamma, beta, x.mean(0), x.var(0))
    np.testing.assert_allclose(fixed.array, F.batch_normalization(x, gamma, beta).array,
                               rtol=1e-12)


def test_group_normalization_extremes():
    rng = np.random.default_rng(4)
    x = rng.standard_normal((2, 4, 3))
    ones, zeros = np.ones(4), np.zeros(4)
    per_channel = F.group_normalization(x, 4, ones, zeros).array  # instance normalization
    np.testing.assert_allclose(per_channel, standardized(x, (2,), 1e-5), rtol=1e-10)
    one_group = F.group_normalization(x, 1, ones, zeros).array  # layer normalization
    np.testing.assert_allclose(one_group, standardized(x, (1, 2), 1e-5), rtol=1e-10)


def test_normalize_of_a_zero_slice_is_zero_with_a_finite_gradient():
    x = Variable(np.array([[0.0, 0.0], [3.0, 4.0]]))
    y = F.normalize(x)
    np.testing.assert_allclose(y.array, [[0.0, 0.0], [0.6, 0.8]], atol=1e-5)
    (g,) = flexgrad.grad([F.sum(y * np.array([[1.0, 2.0], [1.0, 1.0]]))], [x],
                         enable_double_backprop=True)
    np.testing.assert_allclose(g.array[0], [1e5, 2e5])  # gy / eps
    F.sum(g * g).backward()
    assert np.all(np.isfinite(x.grad))


@pytest.mark.parametrize("n", [5, 4, 1])
def test_local_response_normalization_matches_chainers_loop(n):
    rng = np.random.default_rng(5)
    x = rng.standard_normal((2, 6, 2))
    half, sq = n // 2, x * x
    total = sq.copy()
    for i in range(1, half + 1):
        total[:, i:] += sq[:, :-i]
        total[:, :-i] += sq[:, i:]
    y = F.local_response_normalization(x, n, 2, 1e-1, 0.75)
    np.testing.assert_allclose(y.array, x * (2 + 1e-1 * total) ** -0.75, rtol=1e-12)


@pytest.mark.parametrize(("call", "error", "where"), [
    (lambda: F.batch_normalization(np.zeros((2, 3)), np.ones(2), np.zeros(2)),
     InvalidValueError, "batch_normalization: argument 'gamma'"),
    (lambda: F.batch_normalization(np.zeros((2, 3)), np.ones(3), np.zeros(3, np.float32)),
     InvalidTypeError, "batch_normalization: argument 'beta'"),
    (lambda: F.batch_normalization(np.zeros((2, 3), np.int64), np.ones(3, np.int64),
                                   np.ones(3, np.int64)),
     InvalidTypeError, "batch_normalization: argument 'x'"),
    (lambda: F.batch_normalization(np.zeros((2, 3)), np.ones(3), np.zeros(3),
                                   running_mean=np.zeros(2)),
     InvalidValueError, "batch_normalization: argument 'running_mean'"),
    (lambda: F.batch_normalization(np.zeros((2, 3)), np.ones(3), np.zeros(3), axis=2),
     InvalidValueError, "batch_normalization: argument 'axis'"),
    (lambda: F.fixed_batch_normalization(np.zeros((2, 3)), np.ones(3), np.zeros(3),
                                         np.zeros(3), np.ones(2)),
     InvalidValueError, "fixed_batch_normalization: argument 'var'"),
    (lambda: F.layer_normalization(np.zeros((2, 3, 1)), np.ones(3), np.zeros(3)),
     InvalidValueError, "layer_normalization: argument 'x'"),
    (lambda: F.group_normalization(np.zeros((2, 4)), 3, np.ones(4), np.zeros(4)),
     InvalidValueError, "group_normalization: argument 'groups'"),
    (lambda: F.normalize(np.zeros((2, 3)), axis=2),
     InvalidValueError, "normalize: argument 'axis'"),
    (lambda: F.local_response_normalization(np.zeros(3)),
     InvalidValueError, "local_response_normalization: argument 'x'"),
    (lambda: F.local_response_normalization(np.zeros((1, 3)), n=0),
     InvalidValueError, "local_response_normalization: argument 'n'"),
])
def test_bad_input_is_named(call, error, where):
    with pytest.raises(error, match=where):
        call()
