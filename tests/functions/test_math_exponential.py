"""exp/log family, square, sqrt and trigonometry: values, dtypes, errors and backends."""

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

# name -> (NumPy reference, derivative, inputs inside the domain)
CASES = {
    "exp": (np.exp, np.exp, [-2.0, 0.0, 1.5]),
    "log": (np.log, lambda x: 1 / x, [0.5, 1.0, 3.0]),
    "log1p": (np.log1p, lambda x: 1 / (1 + x), [-0.5, 0.0, 2.0]),
    "expm1": (np.expm1, np.exp, [-1.0, 1e-9, 2.0]),
    "sqrt": (np.sqrt, lambda x: 0.5 / np.sqrt(x), [0.25, 1.0, 4.0]),
    "square": (np.square, lambda x: 2 * x, [-2.0, 0.0, 3.0]),
    "sin": (np.sin, np.cos, [-1.0, 0.0, 2.0]),
    "cos": (np.cos, lambda x: -np.sin(x), [-1.0, 0.0, 2.0]),
    "tan": (np.tan, lambda x: 1 / np.cos(x) ** 2, [-1.0, 0.0, 1.2]),
}
BACKENDS = {
    "numpy": lambda a: a,
    "dask": lambda a: da.from_array(a, chunks=2),
    "strict": strict.asarray,
}


def to_numpy(a):
    return backend_of(a).to_numpy(a)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("name", CASES)
def test_value_and_gradient_match_numpy(name, backend):
    ref, deriv, values = CASES[name]
    a = np.array(values)
    x = Variable(BACKENDS[backend](a))
    y = getattr(F, name)(x)
    F.sum(y).backward()
    np.testing.assert_allclose(to_numpy(y.array), ref(a), rtol=1e-12)
    np.testing.assert_allclose(to_numpy(x.grad), deriv(a), rtol=1e-12)


@pytest.mark.parametrize("name", CASES)
def test_float32_stays_float32(name):
    x = Variable(np.array(CASES[name][2], dtype=np.float32))
    y = getattr(F, name)(x)
    F.sum(y).backward()
    assert y.dtype == np.float32 and x.grad.dtype == np.float32


@pytest.mark.parametrize("name", CASES)
def test_integer_input_is_refused_by_name(name):
    with pytest.raises(InvalidTypeError, match=rf"functions\.{name}: argument 'x'.*int64"):
        getattr(F, name)(np.arange(3))


@pytest.mark.parametrize("name", ["exp", "log", "sqrt", "tan"])
def test_second_derivative(name):
    ref, deriv, values = CASES[name]
    a = np.array(values)
    x = Variable(a)
    (g,) = flexgrad.grad([F.sum(getattr(F, name)(x))], [x], enable_double_backprop=True)
    F.sum(g).backward()
    eps = 1e-6
    np.testing.assert_allclose(x.grad, (deriv(a + eps) - deriv(a - eps)) / (2 * eps), rtol=1e-5)


def test_dask_stays_lazy():
    def refuse(*args, **kwargs):
        raise AssertionError("computed")

    x = Variable(da.from_array(np.array([0.5, 1.0, 2.0, 3.0]), chunks=2))
    with dask.config.set(scheduler=refuse):
        y = F.sum(F.log(F.sqrt(F.exp(F.sin(x) + F.cos(x)) + F.square(F.tan(x)))))
        y.backward()
    assert isinstance(x.grad, da.Array)
