"""erf, erfc, lgamma, digamma: the standard-only formulations against references, the
library paths (SciPy, Dask's per-chunk one) against them, poles, dtypes, derivatives."""

import math

import dask.array as da
import numpy as np
import pytest

import flexgrad
import flexgrad.functions as F
from flexgrad.backends import Backend, get_backend
from flexgrad.testing import check_double_backward

NUMPY = get_backend("numpy")
POINTS = np.concatenate([np.linspace(-6.05, 6.05, 45), [1e-6, 0.5, 1.0, 2.0, 27.5, 1e4]])
REFERENCES = {"erf": math.erf, "erfc": math.erfc, "lgamma": math.lgamma}


def standard(name, x, n=0):
    """The standard-only path (the Backend default), on NumPy arrays."""
    return Backend.special(NUMPY, name, x, n)


@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_standard_path_matches_the_math_module(name):
    x = POINTS[np.abs(POINTS - np.round(POINTS)) > 1e-9] if name == "lgamma" else POINTS
    expected = np.array([REFERENCES[name](v) for v in x])
    # lgamma: absolute accuracy near its zeros at 1 and 2
    atol = 1e-14 if name == "lgamma" else 1e-300
    np.testing.assert_allclose(standard(name, x), expected, rtol=1e-13, atol=atol)


@pytest.mark.parametrize("n", [0, 1, 2, 3])
def test_standard_polygamma_matches_mpmath(n):
    mpmath = pytest.importorskip("mpmath")
    x = np.array([0.01, 0.3, 0.5, 0.7, 1.0, 2.5, 7.3, 30.0, 1e3, -0.3, -1.7, -3.2, -10.5])
    expected = np.array([float(mpmath.polygamma(n, v)) for v in x])
    np.testing.assert_allclose(standard("polygamma", x, n), expected, rtol=1e-11)


def test_known_values_and_poles():
    euler = 0.5772156649015329
    np.testing.assert_allclose(F.digamma(np.array([1.0, 0.5])).array,
                               [-euler, -euler - 2 * math.log(2)], rtol=1e-14)
    with np.errstate(divide="ignore"):
        assert np.all(F.lgamma(np.array([0.0, -1.0, -2.0])).array == np.inf)
        assert F.digamma(np.array([0.0])).array[0] == -np.inf
    assert F.erfc(np.array([30.0])).array[0] == 0.0
    np.testing.assert_allclose(F.erfc(np.array([-30.0, 10.0])).array,
                               [2.0, math.erfc(10.0)], rtol=1e-13)


@pytest.mark.parametrize("name", ["erf", "erfc", "lgamma", "polygamma"])
def test_scipy_path_agrees_with_the_standard_path(name):
    pytest.importorskip("scipy")
    x = np.linspace(0.1, 5.0, 17)
    np.testing.assert_allclose(NUMPY.special(name, x, 1), standard(name, x, 1), rtol=1e-12)


@pytest.mark.parametrize("name", ["erf", "erfc", "lgamma", "polygamma"])
def test_dask_runs_the_numpy_path_per_chunk(name):
    x = np.linspace(0.1, 5.0, 17)
    lazy = get_backend("dask").special(name, da.from_array(x, chunks=5), 2)
    assert isinstance(lazy, da.Array)
    np.testing.assert_allclose(lazy.compute(), NUMPY.special(name, x, 2), rtol=1e-14)


@pytest.mark.parametrize("device", ["@array_api_strict", "@dask"])
@pytest.mark.parametrize("fn", [F.erf, F.erfc, F.lgamma, F.digamma])
def test_float32_stays_float32_on_every_backend(device, fn):
    x = flexgrad.get_device(device).send(np.array([0.3, 1.5, 2.5], dtype=np.float32))
    y = fn(x)
    assert y.dtype == flexgrad.get_device(device).backend.dtype("float32")
    expected = fn(np.array([0.3, 1.5, 2.5])).array
    np.testing.assert_allclose(flexgrad.backends.backend_of(y.array).to_numpy(y.array),
                               expected, rtol=1e-5)


def test_derivatives():
    x = flexgrad.Variable(np.array([0.7, 1.9, 3.1]))
    (g,) = flexgrad.grad([F.sum(F.lgamma(x))], [x])
    np.testing.assert_allclose(g.array, F.digamma(x.array).array, rtol=1e-13)
    (g,) = flexgrad.grad([F.sum(F.erf(x))], [x])
    np.testing.assert_allclose(g.array, 2 / math.sqrt(math.pi) * np.exp(-x.array ** 2))
    # digamma's derivative is polygamma(1), whose derivative is polygamma(2), ...
    check_double_backward(F.digamma, np.array([0.8, 2.5]), np.ones(2), np.ones(2))


@pytest.mark.parametrize("fn", [F.erf, F.erfc, F.lgamma, F.digamma])
def test_integer_input_is_refused(fn):
    with pytest.raises(flexgrad.errors.InvalidTypeError, match="real floating"):
        fn(np.array([1, 2]))


@pytest.mark.gpu
@pytest.mark.parametrize(("name", "n"), [("erf", 0), ("erfc", 0), ("lgamma", 0),
                                         ("polygamma", 0), ("polygamma", 2)])
def test_cupyx_path_agrees_with_the_standard_path(name, n):
    import cupy

    x = np.linspace(0.1, 5.0, 17)
    got = get_backend("cupy").special(name, cupy.asarray(x), n)
    assert got.dtype == x.dtype
    np.testing.assert_allclose(cupy.asnumpy(got), standard(name, x, n), rtol=1e-12)
