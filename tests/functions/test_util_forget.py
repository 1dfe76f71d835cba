"""forget: the same values and gradients as without it, intermediates not kept, func run
again in backward, parameters it uses by itself, grad() and double backprop, Dask."""

import dask
import dask.array as da
import numpy as np
import pytest

import flexgrad
import flexgrad.functions as F
from flexgrad.errors import InvalidTypeError, InvalidValueError
from flexgrad.testing import check_double_backward

RNG = np.random.default_rng(0)


def block(x, w):
    return F.tanh(F.matmul(x, w)) * x


def test_values_and_gradients_are_those_without_forget():
    x0, w0 = RNG.normal(size=(3, 3)), RNG.normal(size=(3, 3))
    grads = []
    for wrap in (lambda f, *a: f(*a), F.forget):
        x, w = flexgrad.Variable(x0), flexgrad.Variable(w0)
        y = wrap(block, x, w)
        F.sum(y * y).backward()
        grads.append((y.array, x.grad, w.grad))
    for a, b in zip(*grads, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-12)


def test_intermediates_are_not_kept_and_func_runs_again_in_backward():
    calls = []

    def func(a):
        calls.append(flexgrad.config.enable_backprop)
        return F.exp(F.sin(a))

    x = flexgrad.Variable(RNG.normal(size=4))
    y = F.forget(func, x)
    assert type(y.creator).__name__ == "Forget"  # one node: sin and exp are not in the graph
    assert len(calls) == 1
    F.sum(y).backward()
    assert calls == [True, True]  # once ahead (finding parameters), once in backward
    np.testing.assert_allclose(x.grad, np.exp(np.sin(x.array)) * np.cos(x.array))


def test_parameters_used_inside_get_their_gradients():
    w = flexgrad.Parameter(RNG.normal(size=(3, 2)))
    x = flexgrad.Variable(RNG.normal(size=(4, 3)))
    y = F.forget(lambda a: F.matmul(a, w), x)
    F.sum(y).backward()
    np.testing.assert_allclose(w.grad, x.array.T @ np.ones((4, 2)))
    np.testing.assert_allclose(x.grad, np.ones((4, 2)) @ w.array.T)


def test_grad_leaves_parameters_alone():
    w = flexgrad.Parameter(RNG.normal(size=3))
    x = flexgrad.Variable(RNG.normal(size=3))
    (gx,) = flexgrad.grad([F.sum(F.forget(lambda a: a * w, x))], [x])
    np.testing.assert_allclose(gx.array, w.array)
    assert w.grad is None


def test_double_backprop_reaches_inputs_and_parameters():
    w0, x0 = RNG.normal(size=3), RNG.normal(size=3)
    results = []
    for wrap in (lambda f, *a: f(*a), F.forget):
        w, x = flexgrad.Parameter(w0), flexgrad.Variable(x0)
        y = F.sum(wrap(lambda a, w=w: F.sin(a * w) * a, x))
        (gx,) = flexgrad.grad([y], [x], enable_double_backprop=True)
        F.sum(gx * gx).backward()  # a gradient penalty
        results.append((x.grad, w.grad))
    for a, b in zip(*results, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-12)
    check_double_backward(lambda a, b: F.forget(lambda p, q: F.exp(p) * q * q, a, b),
                          (x0, w0), RNG.normal(size=3), None)


def test_several_outputs_and_an_unused_one():
    x = flexgrad.Variable(RNG.normal(size=3))
    a, b = F.forget(lambda v: (F.sin(v), F.cos(v)), x)
    F.sum(a).backward()
    np.testing.assert_allclose(x.grad, np.cos(x.array))


def test_integer_arguments_pass_through():
    x = flexgrad.Variable(RNG.normal(size=(2, 3)))
    t = np.array([2, 0])
    y = F.forget(lambda a, labels: F.select_item(a * a, labels), x, t)
    F.sum(y).backward()
    np.testing.assert_allclose(x.grad, [[0, 0, 2 * x.array[0, 2]], [2 * x.array[1, 0], 0, 0]])


def test_dask_stays_lazy():
    x = flexgrad.Variable(da.from_array(RNG.normal(size=(4, 2)), chunks=2))

    def refuse(*args, **kwargs):
        raise AssertionError("computed inside forward or backward")

    with dask.config.set(scheduler=refuse):
        y = F.forget(lambda a: F.exp(a) * a, x)
        F.sum(y).backward()
    assert isinstance(x.grad, da.Array)
    xa = x.array.compute()
    np.testing.assert_allclose(x.grad.compute(), np.exp(xa) * (1 + xa))


def test_without_backprop_it_just_runs():
    with flexgrad.no_backprop_mode():
        y = F.forget(F.sin, np.array([0.5]))
    assert y.creator is None
    np.testing.assert_allclose(y.array, np.sin([0.5]))


def test_errors():
    with pytest.raises(InvalidTypeError, match="a function returning a Variable"):
        F.forget(lambda a: a.array, np.ones(2))
    with pytest.raises(InvalidTypeError, match="callable"):
        F.forget(np.ones(2), np.ones(2))
    with pytest.raises(InvalidValueError, match="at least one argument"):
        F.forget(F.sin)


def test_nested_forget_matches_plain():
    x0 = RNG.normal(size=3)
    x = flexgrad.Variable(x0)
    y = F.forget(lambda a: F.forget(F.sin, a) * a, x)
    (gx,) = flexgrad.grad([F.sum(y)], [x], enable_double_backprop=True)
    np.testing.assert_allclose(gx.array, np.cos(x0) * x0 + np.sin(x0), rtol=1e-12)
    F.sum(gx).backward()
    np.testing.assert_allclose(x.grad, -np.sin(x0) * x0 + 2 * np.cos(x0), rtol=1e-12)
