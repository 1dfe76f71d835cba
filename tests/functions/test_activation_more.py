"""Activations beyond relu/sigmoid/tanh: values, Chainer's kink conventions, stability at
huge inputs, double backprop and bad input."""

import math

import numpy as np
import pytest

import flexgrad
import flexgrad.functions as F
from flexgrad import Variable
from flexgrad.errors import InvalidTypeError, InvalidValueError


def grad_of(fn, a):
    x = Variable(a)
    y = fn(x)
    F.sum(y).backward()
    return y.array, x.grad


def second_derivative(fn, a):
    x = Variable(a)
    (g,) = flexgrad.grad([F.sum(fn(x))], [x], enable_double_backprop=True)
    F.sum(g).backward()
    return x.grad


def np_sigmoid(a):
    return 1 / (1 + np.exp(-a))


X = np.array([-3.0, -1.0, -0.25, 0.5, 2.0, 7.0])
REFERENCES = {
    "leaky_relu": (F.leaky_relu, lambda a: np.where(a >= 0, a, 0.2 * a)),
    "elu": (F.elu, lambda a: np.where(a >= 0, a, np.expm1(a))),
    "selu": (F.selu, lambda a: 1.0507009873554805 * np.where(a >= 0, a, 1.6732632423543772
                                                              * np.expm1(a))),
    "gelu": (F.gelu, lambda a: 0.5 * a * (1 + np.tanh(math.sqrt(2 / math.pi)
                                                      * (a + 0.044715 * a ** 3)))),
    "silu": (F.silu, lambda a: a * np_sigmoid(a)),
    "softplus": (F.softplus, lambda a: np.log1p(np.exp(a))),
    "hard_sigmoid": (F.hard_sigmoid, lambda a: np.clip(0.2 * a + 0.5, 0, 1)),
    "clipped_relu": (lambda x: F.clipped_relu(x, 1.5), lambda a: np.clip(a, 0, 1.5)),
    "relu6": (F.relu6, lambda a: np.clip(a, 0, 6)),
}


@pytest.mark.parametrize("name", sorted(REFERENCES))
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_values_match_numpy_formulas(name, dtype):
    fn, ref = REFERENCES[name]
    y = fn(X.astype(dtype)).array
    assert y.dtype == dtype
    np.testing.assert_allclose(y, ref(X), rtol=1e-6 if dtype == np.float32 else 1e-13,
                               atol=1e-7)


def test_gelu_is_within_5e_4_of_the_exact_form():
    a = np.linspace(-6, 6, 241)
    exact = np.array([0.5 * v * (1 + math.erf(v / math.sqrt(2))) for v in a])
    assert np.max(np.abs(F.gelu(a).array - exact)) < 5e-4


def test_parameters_change_the_functions():
    np.testing.assert_allclose(F.leaky_relu(X, slope=0.5).array, np.where(X >= 0, X, X / 2))
    np.testing.assert_allclose(F.elu(X, alpha=2.0).array, np.where(X >= 0, X, 2 * np.expm1(X)))
    np.testing.assert_allclose(F.softplus(X, beta=2.0).array, np.log1p(np.exp(2 * X)) / 2)
    np.testing.assert_allclose(F.selu(X, alpha=1.0, scale=2.0).array, 2 * F.elu(X).array)


def test_gradients_at_kinks_follow_chainer():
    ones = [1.0, 1.0, 1.0]
    _, g = grad_of(F.leaky_relu, np.array([0.0, -1.0, 1.0]))
    np.testing.assert_array_equal(g, [0.2, 0.2, 1.0])
    _, g = grad_of(F.elu, np.array([0.0, -1.0, 1.0]))
    np.testing.assert_allclose(g, [1.0, math.exp(-1.0), 1.0])
    _, g = grad_of(lambda x: F.clipped_relu(x, 2.0), np.array([0.0, 1.0, 2.0]))
    np.testing.assert_array_equal(g, [0.0, 1.0, 0.0])
    _, g = grad_of(F.hard_sigmoid, np.array([-2.5, 0.0, 2.5]))
    np.testing.assert_array_equal(g, [0.0, 0.2, 0.0])
    _, g = grad_of(lambda x: F.prelu(x, np.array(0.25)), np.array([0.0, -1.0, 1.0]))
    np.testing.assert_array_equal(g, [1.0, 0.25, 1.0])
    _, g = grad_of(F.relu6, np.array([3.0, 3.0, 3.0]))
    np.testing.assert_array_equal(g, ones)


@pytest.mark.parametrize("fn", [F.softplus, F.elu, F.selu, F.gelu, F.silu, F.leaky_relu,
                                F.hard_sigmoid, F.relu6])
def test_huge_inputs_give_no_overflow_or_nan(fn):
    a = np.array([-1e4, -100.0, 100.0, 1e4], dtype=np.float32)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        y, g = grad_of(fn, a)
    assert np.all(np.isfinite(y)) and np.all(np.isfinite(g))


def test_softplus_is_exact_far_from_zero():
    y, g = grad_of(F.softplus, np.array([-800.0, -40.0, 40.0, 800.0]))
    np.testing.assert_allclose(y, [0.0, math.exp(-40.0), 40.0, 800.0], rtol=1e-14)
    np.testing.assert_allclose(g, [0.0, math.exp(-40.0), 1.0, 1.0], rtol=1e-14)


@pytest.mark.parametrize("fn, expected", [
    (lambda x: F.elu(x, 2.0), lambda a: np.where(a < 0, 2 * np.exp(a), 0.0)),
    (lambda x: F.softplus(x, 2.0), lambda a: 2 * np_sigmoid(2 * a) * (1 - np_sigmoid(2 * a))),
    (F.silu, lambda a: np_sigmoid(a) * (1 - np_sigmoid(a)) * (2 + a * (1 - 2 * np_sigmoid(a)))),
])
def test_second_derivatives(fn, expected):
    a = np.array([-2.0, -0.5, 0.3, 1.5])
    np.testing.assert_allclose(second_derivative(fn, a), expected(a), rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("fn", [F.leaky_relu, F.clipped_relu, F.hard_sigmoid])
def test_piecewise_linear_gradients_do_not_depend_on_x(fn):
    x = Variable(np.array([-1.0, 0.5]))
    (g,) = flexgrad.grad([F.sum(fn(x))], [x], enable_double_backprop=True)
    assert flexgrad.grad([F.sum(g)], [x]) == [None]


# -- softmax and log_softmax ----------------------------------------------------------------
def test_softmax_sums_to_one_along_axis_1_by_default():
    a = np.random.default_rng(0).normal(size=(2, 3, 4))
    y = F.softmax(a).array
    np.testing.assert_allclose(y.sum(axis=1), np.ones((2, 4)), rtol=1e-14)
    np.testing.assert_allclose(F.log_softmax(a).array, np.log(y), rtol=1e-13)
    np.testing.assert_allclose(F.softmax(a, axis=-1).array.sum(axis=-1), 1.0, rtol=1e-14)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_softmax_and_log_softmax_are_stable_for_logits_of_1e4(dtype):
    a = np.array([[1e4, -1e4, 0.0], [-1e4, -1e4, -1e4]], dtype=dtype)
    w = np.array([1.0, 2.0, 3.0], dtype)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        y, ly = F.softmax(a).array, F.log_softmax(a).array
        _, g = grad_of(lambda x: F.softmax(x) * w, a)
        _, lg = grad_of(lambda x: F.log_softmax(x) * w, a)
    np.testing.assert_allclose(y, [[1, 0, 0], [1 / 3, 1 / 3, 1 / 3]], rtol=1e-6)
    np.testing.assert_allclose(ly, [[0, -2e4, -1e4], [-math.log(3)] * 3], rtol=1e-6)
    assert np.all(np.isfinite(g)) and np.all(np.isfinite(lg))
    np.testing.assert_allclose(lg, [[-5, 2, 3], [-1, 0, 1]], atol=1e-5)


def test_log_softmax_double_backward_at_large_logits():
    a = np.array([[1e4, 1e4 - 1.0, 1e4 + 0.5]])
    s = np.exp(a[0] - a[0].max())
    s /= s.sum()
    # d/dx sum_j d/dx_j sum(w * log_softmax) with w = 1: gx = 1 - 3 s, then sum(gx) = 1 - 3
    # so the second-order gradient of sum(gx) is -3 * (s * (1 - s) - s * (sum(s) - s)) = 0
    np.testing.assert_allclose(second_derivative(F.log_softmax, a), np.zeros_like(a),
                               atol=1e-12)
    h = second_derivative(lambda x: F.softmax(x) * np.array([[1.0, 0.0, 0.0]]), a)
    assert np.all(np.isfinite(h))


def test_softmax_over_an_empty_axis_is_empty():
    assert F.softmax(np.zeros((2, 0))).shape == (2, 0)
    assert F.log_softmax(np.zeros((0, 3)), axis=0).shape == (0, 3)


# -- per-channel parameters and maxout ------------------------------------------------------
def test_prelu_and_swish_broadcast_parameters_over_channels():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(2, 3, 4, 5))
    w = rng.normal(size=(3, 4))
    wb = w[None, :, :, None]
    np.testing.assert_allclose(F.prelu(x, w).array, np.where(x >= 0, x, wb * x))
    np.testing.assert_allclose(F.swish(x, w).array, x * np_sigmoid(wb * x), rtol=1e-13)
    W = Variable(w)
    F.sum(F.prelu(x, W)).backward()
    np.testing.assert_allclose(W.grad, np.where(x >= 0, 0, x).sum(axis=(0, 3)))


def test_maxout_takes_the_maximum_of_each_group():
    a = np.random.default_rng(2).normal(size=(2, 6, 3))
    expected = a.reshape(2, 3, 2, 3).max(axis=2)
    np.testing.assert_array_equal(F.maxout(a, 2).array, expected)
    np.testing.assert_array_equal(F.maxout(a, 3, axis=-1).array, a.max(axis=-1, keepdims=True))


# -- bad input ------------------------------------------------------------------------------
ALL = {
    "leaky_relu": F.leaky_relu, "elu": F.elu, "selu": F.selu, "gelu": F.gelu, "silu": F.silu,
    "softplus": F.softplus, "hard_sigmoid": F.hard_sigmoid, "clipped_relu": F.clipped_relu,
    "relu6": F.relu6, "softmax": F.softmax, "log_softmax": F.log_softmax,
    "maxout": lambda x: F.maxout(x, 1),
    "prelu": lambda x: F.prelu(x, np.ones(3)), "swish": lambda x: F.swish(x, np.ones(3)),
}


@pytest.mark.parametrize("name", sorted(ALL))
def test_integer_input_is_refused_by_name(name):
    with pytest.raises(InvalidTypeError, match=rf"functions\.{name}: argument 'x'"):
        ALL[name](np.arange(6).reshape(2, 3))


@pytest.mark.parametrize("call, error, arg", [
    (lambda: F.leaky_relu(X, slope="0.2"), InvalidTypeError, "slope"),
    (lambda: F.elu(X, alpha=np.ones(2)), InvalidTypeError, "alpha"),
    (lambda: F.selu(X, scale=None), InvalidTypeError, "scale"),
    (lambda: F.clipped_relu(X, z=0.0), InvalidValueError, "z"),
    (lambda: F.clipped_relu(X, z=math.inf), InvalidValueError, "z"),
    (lambda: F.softplus(X, beta=0), InvalidValueError, "beta"),
    (lambda: F.softmax(X, axis=1), InvalidValueError, "axis"),
    (lambda: F.log_softmax(np.array(1.0), axis=0), InvalidValueError, "x"),
    (lambda: F.log_softmax(np.ones((2, 2)), axis=1.0), InvalidTypeError, "axis"),
    (lambda: F.prelu(np.ones((2, 3)), np.ones(2)), InvalidValueError, "W"),
    (lambda: F.prelu(np.ones(3), np.ones(3)), InvalidValueError, "W"),
    (lambda: F.prelu(np.ones((2, 3)), np.ones(3, np.float32)), InvalidTypeError, "W"),
    (lambda: F.swish(np.ones((2, 3)), np.ones((3, 1))), InvalidValueError, "beta"),
    (lambda: F.swish(np.ones((2, 3)), [1.0, 1.0, 1.0]), InvalidTypeError, "beta"),
    (lambda: F.maxout(np.ones((2, 6)), 4), InvalidValueError, "pool_size"),
    (lambda: F.maxout(np.ones((2, 6)), 0), InvalidValueError, "pool_size"),
    (lambda: F.maxout(np.ones((2, 6)), 2.0), InvalidTypeError, "pool_size"),
    (lambda: F.maxout(np.ones((2, 6)), 2, axis=2), InvalidValueError, "axis"),
])
def test_bad_arguments_are_named(call, error, arg):
    with pytest.raises(error, match=rf"argument '{arg}'"):
        call()
