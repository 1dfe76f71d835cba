"""maximum, minimum, clip and where: scalars, broadcasting, ties, errors and backends."""

import array_api_strict as strict
import dask
import dask.array as da
import numpy as np
import pytest

import flexgrad.functions as F
from flexgrad import Variable
from flexgrad.backends import backend_of
from flexgrad.errors import InvalidTypeError, InvalidValueError


def backward(y):
    F.sum(y).backward()


def test_maximum_ties_go_to_x1():
    x1, x2 = Variable(np.array([1.0, 2.0, 3.0])), Variable(np.array([1.0, 5.0, 0.0]))
    backward(F.maximum(x1, x2))
    np.testing.assert_array_equal(x1.grad, [1.0, 0.0, 1.0])
    np.testing.assert_array_equal(x2.grad, [0.0, 1.0, 0.0])


def test_minimum_ties_go_to_x1():
    x1, x2 = Variable(np.array([1.0, 2.0, 3.0])), Variable(np.array([1.0, 5.0, 0.0]))
    backward(F.minimum(x1, x2))
    np.testing.assert_array_equal(x1.grad, [1.0, 1.0, 0.0])
    np.testing.assert_array_equal(x2.grad, [0.0, 0.0, 1.0])


@pytest.mark.parametrize("scalar_first", [False, True])
def test_scalar_operand_on_either_side_is_a_constant(scalar_first):
    x = Variable(np.array([-1.0, 0.5, 2.0], dtype=np.float32))
    y = F.maximum(0.5, x) if scalar_first else F.maximum(x, 0.5)
    backward(y)
    np.testing.assert_array_equal(y.array, [0.5, 0.5, 2.0])
    assert y.dtype == np.float32 and x.grad.dtype == np.float32
    # the tie at 0.5 goes to x1: to the constant when it comes first
    np.testing.assert_array_equal(x.grad, [0.0, 0.0 if scalar_first else 1.0, 1.0])


def test_broadcasting_gradients_are_summed_to_each_shape():
    x1, x2 = Variable(np.array([[0.0], [3.0]])), Variable(np.array([1.0, 2.0, 4.0]))
    y = F.minimum(x1, x2)
    backward(y)
    assert y.shape == (2, 3)
    np.testing.assert_array_equal(x1.grad, [[3.0], [1.0]])
    np.testing.assert_array_equal(x2.grad, [1.0, 1.0, 0.0])


def test_maximum_errors_name_the_argument():
    with pytest.raises(InvalidValueError, match=r"functions\.maximum: argument 'x2'.*\(3,\)"):
        F.maximum(np.zeros((2, 2)), np.zeros(3))
    with pytest.raises(InvalidTypeError, match=r"functions\.maximum: argument 'x2'.*float32"):
        F.maximum(np.zeros(2), np.zeros(2, dtype=np.float32))
    with pytest.raises(InvalidTypeError, match=r"functions\.minimum: argument 'x1'.*int64"):
        F.minimum(np.arange(2), np.arange(2))
    with pytest.raises(InvalidTypeError, match=r"functions\.maximum: argument 'x1'.*list"):
        F.maximum([1.0], np.zeros(1))
    with pytest.raises(InvalidTypeError, match=r"functions\.maximum: argument 'x1'"):
        F.maximum(1.0, 2.0)


def test_clip_gradient_passes_inside_bounds_included():
    x = Variable(np.array([-2.0, -1.0, 0.0, 1.0, 2.0], dtype=np.float32))
    y = F.clip(x, -1.0, 1.0)
    backward(y)
    np.testing.assert_array_equal(y.array, [-1.0, -1.0, 0.0, 1.0, 1.0])
    np.testing.assert_array_equal(x.grad, [0.0, 1.0, 1.0, 1.0, 0.0])
    assert y.dtype == np.float32 and x.grad.dtype == np.float32


def test_clip_with_one_bound_none():
    x = Variable(np.array([-2.0, 0.0, 2.0]))
    backward(F.clip(x, None, 1))
    np.testing.assert_array_equal(x.grad, [1.0, 1.0, 0.0])
    np.testing.assert_array_equal(F.clip(x, 0, None).array, [0.0, 0.0, 2.0])


def test_clip_errors():
    x = np.zeros(2)
    with pytest.raises(InvalidValueError, match=r"functions\.clip: argument 'x_max'"):
        F.clip(x, None, None)
    with pytest.raises(InvalidValueError, match=r"functions\.clip: argument 'x_max'.*x_min=1"):
        F.clip(x, 1.0, 0.0)
    with pytest.raises(InvalidTypeError, match=r"functions\.clip: argument 'x_min'"):
        F.clip(x, np.zeros(2), 1.0)
    with pytest.raises(InvalidTypeError, match=r"functions\.clip: argument 'x'.*int64"):
        F.clip(np.arange(2), 0.0, 1.0)


def test_where_with_scalars_and_no_gradient_to_the_condition():
    cond = Variable(np.array([True, False, True]), requires_grad=True)
    x = Variable(np.array([1.0, 2.0, 3.0], dtype=np.float32))
    y = F.where(cond, x, 0.0)
    backward(y)
    np.testing.assert_array_equal(y.array, [1.0, 0.0, 3.0])
    np.testing.assert_array_equal(x.grad, [1.0, 0.0, 1.0])
    assert y.dtype == np.float32 and cond.grad is None
    np.testing.assert_array_equal(F.where(cond, -1, x).array, [-1.0, 2.0, -1.0])


def test_where_broadcasts_all_three():
    x, y = Variable(np.array([[1.0], [2.0]])), Variable(np.array([5.0, 6.0, 7.0]))
    out = F.where(np.array([True, False, True]), x, y)
    backward(out)
    assert out.shape == (2, 3)
    np.testing.assert_array_equal(x.grad, [[2.0], [2.0]])
    np.testing.assert_array_equal(y.grad, [0.0, 2.0, 0.0])


def test_where_errors():
    x = np.zeros(3)
    with pytest.raises(InvalidTypeError, match=r"functions\.where: argument 'condition'.*float"):
        F.where(x, x, x)
    with pytest.raises(InvalidTypeError, match=r"functions\.where: argument 'condition'.*list"):
        F.where([True], x, x)
    with pytest.raises(InvalidValueError, match=r"functions\.where: argument 'y'.*\(2,\)"):
        F.where(x > 0, x, np.zeros(2))
    with pytest.raises(InvalidTypeError, match=r"functions\.where: argument 'y'.*float32"):
        F.where(x > 0, x, np.zeros(3, dtype=np.float32))
    with pytest.raises(InvalidTypeError, match=r"functions\.where: argument 'y'.*an int"):
        F.where(x > 0, np.arange(3), 0.5)
    with pytest.raises(InvalidTypeError, match=r"functions\.where: argument 'x'"):
        F.where(x > 0, 1.0, 2.0)


CASES = {
    "maximum": lambda x: F.maximum(x, 0.25),
    "minimum": lambda x: F.minimum(0.25, x),
    "clip": lambda x: F.clip(x, -0.5, 0.5),
    "where": lambda x: F.where(x.array > 0, x * 2.0, 1.0),
}


@pytest.mark.parametrize("name", CASES)
def test_backends_agree_and_dask_stays_lazy(name):
    def refuse(*args, **kwargs):
        raise AssertionError("computed")

    def run(a):
        x = Variable(a)
        y = CASES[name](x)
        backward(y)
        return y.array, x.grad

    a = np.array([-1.0, -0.25, 0.25, 0.5, 1.0])
    y_ref, g_ref = run(a)
    with dask.config.set(scheduler=refuse):
        y_lazy, g_lazy = run(da.from_array(a, chunks=2))
    assert isinstance(y_lazy, da.Array) and isinstance(g_lazy, da.Array)
    for y, g in ((y_lazy, g_lazy), run(strict.asarray(a))):
        np.testing.assert_array_equal(backend_of(y).to_numpy(y), y_ref)
        np.testing.assert_array_equal(backend_of(g).to_numpy(g), g_ref)
