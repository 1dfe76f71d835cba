"""tanh, sigmoid and relu: stability, kinks, dtypes, errors and backends."""

import weakref

import array_api_strict as strict
import dask
import dask.array as da
import numpy as np
import pytest

import flexgrad
import flexgrad.functions as F
from flexgrad import Variable
from flexgrad.backends import backend_of
from flexgrad.errors import InvalidTypeError


def grad_of(fn, a):
    x = Variable(a)
    y = fn(x)
    F.sum(y).backward()
    return y.array, x.grad


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_sigmoid_is_stable_at_huge_inputs(dtype):
    a = np.array([-1e4, -100.0, 0.0, 100.0, 1e4], dtype=dtype)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        y, g = grad_of(F.sigmoid, a)
    assert y.dtype == dtype and g.dtype == dtype
    np.testing.assert_array_equal(y[[0, 2, 4]], np.array([0.0, 0.5, 1.0], dtype=dtype))
    assert np.all(np.isfinite(g)) and g[0] == 0 and g[-1] == 0


def test_sigmoid_keeps_relative_precision_of_tiny_outputs():
    y, g = grad_of(F.sigmoid, np.array([-40.0, -30.0]))
    expected = np.exp([-40.0, -30.0]) / (1 + np.exp([-40.0, -30.0]))
    np.testing.assert_allclose(y, expected, rtol=1e-14)
    np.testing.assert_allclose(g, expected * (1 - expected), rtol=1e-12)


def test_sigmoid_second_derivative():
    a = np.array([-2.0, 0.3, 1.0])
    x = Variable(a)
    (g,) = flexgrad.grad([F.sum(F.sigmoid(x))], [x], enable_double_backprop=True)
    F.sum(g).backward()
    s = 1 / (1 + np.exp(-a))
    np.testing.assert_allclose(x.grad, s * (1 - s) * (1 - 2 * s), rtol=1e-12)


def test_tanh_saturates_without_nan():
    y, g = grad_of(F.tanh, np.array([-1e4, 0.0, 1e4], dtype=np.float32))
    np.testing.assert_array_equal(y, [-1.0, 0.0, 1.0])
    np.testing.assert_array_equal(g, [0.0, 1.0, 0.0])


def test_relu_gradient_is_zero_at_the_kink_and_nan_propagates():
    y, g = grad_of(F.relu, np.array([-1.0, 0.0, 2.0], dtype=np.float32))
    np.testing.assert_array_equal(y, [0.0, 0.0, 2.0])
    np.testing.assert_array_equal(g, [0.0, 0.0, 1.0])
    assert g.dtype == np.float32
    assert np.isnan(F.relu(np.array([np.nan])).array[0])


def test_relu_keeps_only_its_output_for_backward():
    h = Variable(np.array([1.0, -1.0])) * 2.0
    kept_input = weakref.ref(h.array)
    y = F.relu(h)
    del h
    assert kept_input() is None
    F.sum(y).backward()


@pytest.mark.parametrize("fn", [F.tanh, F.sigmoid, F.relu])
def test_integer_input_is_refused_by_name(fn):
    with pytest.raises(InvalidTypeError, match=rf"functions\.{fn.__name__}: argument 'x'"):
        fn(np.arange(3))


@pytest.mark.parametrize("fn", [F.tanh, F.sigmoid, F.relu])
def test_backends_agree_and_dask_stays_lazy(fn):
    def refuse(*args, **kwargs):
        raise AssertionError("computed")

    a = np.array([-3.0, -0.5, 0.0, 0.5, 3.0])
    y_ref, g_ref = grad_of(fn, a)
    with dask.config.set(scheduler=refuse):
        y_lazy, g_lazy = grad_of(fn, da.from_array(a, chunks=2))
    assert isinstance(y_lazy, da.Array) and isinstance(g_lazy, da.Array)
    for y, g in ((y_lazy, g_lazy), grad_of(fn, strict.asarray(a))):
        np.testing.assert_allclose(backend_of(y).to_numpy(y), y_ref, rtol=1e-14)
        np.testing.assert_allclose(backend_of(g).to_numpy(g), g_ref, rtol=1e-14)
