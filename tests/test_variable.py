"""Variable: data access, operators with scalars/arrays/Variables, errors, devices."""

import numpy as np
import pytest

import flexgrad
import flexgrad.functions as F
from flexgrad import Variable
from flexgrad.errors import InvalidTypeError, InvalidValueError


def test_attributes_mirror_the_array():
    a = np.arange(6, dtype=np.float32).reshape(2, 3)
    x = Variable(a, name="x")
    assert x.array is a and x.data is a
    assert (x.shape, x.ndim, x.size, x.dtype, len(x)) == ((2, 3), 2, 6, np.float32, 2)
    assert x.T.shape == (3, 2)
    assert x.reshape(3, 2).shape == (3, 2) and x.reshape((6,)).shape == (6,)
    assert x.transpose(1, 0).shape == (3, 2)
    assert x.creator is None and x.grad is None and x.grad_var is None
    assert x.device == flexgrad.get_device("@numpy")
    assert "x" in repr(x) and repr(x).startswith("variable x(")


@pytest.mark.parametrize(
    "expr, expected",
    [
        (lambda x: x + 2, lambda a: a + 2),
        (lambda x: 2 + x, lambda a: 2 + a),
        (lambda x: x - 2, lambda a: a - 2),
        (lambda x: 2 - x, lambda a: 2 - a),
        (lambda x: x * 3, lambda a: a * 3),
        (lambda x: 3 * x, lambda a: 3 * a),
        (lambda x: x / 4, lambda a: a / 4),
        (lambda x: 4 / x, lambda a: 4 / a),
        (lambda x: x**3, lambda a: a**3),
        (lambda x: 2**x, lambda a: 2**a),
        (lambda x: x**x, lambda a: a**a),
        (lambda x: -x, lambda a: -a),
        (lambda x: abs(x - 2), lambda a: abs(a - 2)),
        (lambda x: x @ x.T, lambda a: a @ a.T),
        (lambda x: x * np.full((2, 3), 2.0), lambda a: a * 2),
        (lambda x: np.full((2, 3), 2.0) - x, lambda a: 2 - a),
        (lambda x: np.full((3, 2), 2.0) @ x, lambda a: np.full((3, 2), 2.0) @ a),
        (lambda x: x + x[0], lambda a: a + a[0]),
    ],
)
def test_operators_match_numpy(expr, expected):
    a = np.array([[1.0, 2.0, 3.0], [0.5, 1.5, 2.5]])
    y = expr(Variable(a))
    assert isinstance(y, Variable)
    np.testing.assert_allclose(y.array, expected(a))


def test_scalar_operands_keep_float32():
    x = Variable(np.ones(3, dtype=np.float32))
    for y in (x + 1, 1.5 * x, x / 3, x**2, 2.0 - x, np.float64(2.0) * x):
        assert y.dtype == np.float32


def test_mixed_dtype_variables_are_refused_with_names():
    x = Variable(np.ones(3, dtype=np.float32))
    with pytest.raises(InvalidTypeError, match=r"mul: argument 'y' expected dtype float32"):
        x * Variable(np.ones(3))


def test_a_raw_array_takes_the_variables_dtype_as_in_chainer():
    """Chainer's basic_math cast an ndarray operand to the Variable's dtype (its DCGAN adds
    float64 xp.random.randn noise to float32 activations)."""
    x = Variable(np.full(3, 2.0, dtype=np.float32))
    noise = np.array([0.5, 1.0, 2.0])  # float64
    for y, expected in ((x + noise, [2.5, 3.0, 4.0]), (noise - x, [-1.5, -1.0, 0.0]),
                        (x * noise, [1.0, 2.0, 4.0]), (noise / x, [0.25, 0.5, 1.0]),
                        (x ** noise, [2 ** 0.5, 2.0, 4.0])):
        assert y.dtype == np.float32
        np.testing.assert_allclose(y.array, expected, rtol=1e-6)
    F.sum(x * noise).backward()
    assert x.grad.dtype == np.float32


def test_bad_broadcast_names_shapes():
    with pytest.raises(InvalidValueError, match=r"add: argument 'y'.*\(2, 3\).*\(4,\)"):
        Variable(np.ones((2, 3))) + np.ones(4)


def test_bool_and_ordering_raise():
    x = Variable(np.ones(1))
    with pytest.raises(TypeError, match="truth value"):
        bool(x)
    for compare in (lambda: x < x, lambda: x <= 1, lambda: x > 0, lambda: x >= x):
        with pytest.raises(TypeError, match="does not support comparisons"):
            compare()


def test_constructor_rejects_non_arrays():
    with pytest.raises(InvalidTypeError, match="Variable: argument 'data'"):
        Variable([1.0, 2.0])
    with pytest.raises(InvalidTypeError, match="got a Variable"):
        Variable(Variable(np.ones(1)))


def test_grad_setter_checks_shape():
    x = Variable(np.ones(3))
    x.grad = np.full(3, 2.0)
    np.testing.assert_array_equal(x.grad, [2.0, 2.0, 2.0])
    with pytest.raises(InvalidValueError, match=r"expected shape \(3,\)"):
        x.grad = np.ones(4)
    x.cleargrad()
    assert x.grad is None
    x.zerograd()
    np.testing.assert_array_equal(x.grad, np.zeros(3))


def test_item_and_its_error():
    assert Variable(np.array([2.5])).item() == 2.5
    with pytest.raises(InvalidValueError, match="size 1"):
        Variable(np.ones(2)).item()


def test_to_device_moves_array_and_grad_in_place():
    x = Variable(np.arange(3.0))
    x.grad = np.ones(3)
    assert x.to_device("@array_api_strict") is x
    assert flexgrad.backends.backend_of(x.array).name == "array_api_strict"
    assert flexgrad.backends.backend_of(x.grad).name == "array_api_strict"
    x.to_cpu()
    assert isinstance(x.array, np.ndarray) and isinstance(x.grad, np.ndarray)
    np.testing.assert_array_equal(x.array, [0.0, 1.0, 2.0])


def test_parameter_initializers():
    p = flexgrad.Parameter(np.zeros((2, 2), dtype=np.float32))
    assert p.is_initialized and p.requires_grad
    q = flexgrad.Parameter(0.5, shape=(3,))
    np.testing.assert_array_equal(q.array, np.full(3, 0.5, dtype=np.float32))
    lazy = flexgrad.Parameter()
    assert not lazy.is_initialized
    lazy.initialize((2,))
    assert np.isnan(lazy.array).all()
    assert repr(q).startswith("parameter(")


def test_no_backprop_mode_records_nothing():
    x = Variable(np.ones(2))
    with flexgrad.no_backprop_mode():
        y = x * 2
        with flexgrad.force_backprop_mode():
            z = x * 2
    assert y.creator is None and z.creator is not None


def test_raw_arrays_build_no_graph():
    y = F.add(np.ones(2), np.ones(2))
    assert y.creator is None and not y.requires_grad


def test_label_is_chainers_short_text():
    assert flexgrad.Variable(np.ones((2, 3), np.float32)).label == "(2, 3), float32"
    assert flexgrad.Variable(np.ones(2)).label == "(2), float64"
    assert flexgrad.Variable(np.float32(1.0)).label == "float32"
    assert flexgrad.Variable(None).label == "None"
