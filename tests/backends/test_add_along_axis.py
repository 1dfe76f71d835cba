"""add_along_axis, the adjoint of take_along_axis: every backend and the standard-only
path against NumPy's in-place add.at."""

import numpy as np
import pytest

import flexgrad
from flexgrad import backends

BACKENDS = ["numpy", "dask", "array_api_strict", "torch", "jax",
            pytest.param("cupy", marks=pytest.mark.gpu)]
RNG = np.random.default_rng(0)


def expected(a, idx, values, axis):
    out = a.copy()
    for pos in np.ndindex(*idx.shape):
        at = list(pos)
        at[axis] = idx[pos]
        out[tuple(at)] += values[pos]
    return out


@pytest.mark.parametrize("name", BACKENDS)
@pytest.mark.parametrize("shape,axis,k", [((3, 4), 1, 1), ((3, 4), 0, 2), ((2, 5, 3), 1, 3),
                                          ((2, 3, 4), -1, 2)])
def test_adds_at_the_indices_and_repeats_add_up(name, shape, axis, k):
    dev = flexgrad.get_device("@cupy:0" if name == "cupy" else "@" + name)
    a = RNG.normal(size=shape)
    idx_shape = list(shape)
    idx_shape[axis] = k
    idx = RNG.integers(0, shape[axis], size=idx_shape)  # k > 1: repeats likely
    values = RNG.normal(size=idx_shape)
    got = dev.backend.add_along_axis(dev.send(a.copy()), dev.send(idx), dev.send(values), axis)
    assert isinstance(got, dev.backend.array_type)
    np.testing.assert_allclose(dev.backend.to_numpy(got), expected(a, idx, values, axis),
                               rtol=1e-12)


def test_the_standard_only_path_matches_numpys():
    generic = backends.Backend(backends.NUMPY.xp, np.ndarray)
    a = RNG.normal(size=(4, 6))
    idx = np.array([[5, 5], [0, 1], [2, 0], [3, 3]])
    values = RNG.normal(size=(4, 2))
    slow = generic.add_along_axis(a, idx, values, 1)
    fast = backends.NUMPY.add_along_axis(a.copy(), idx, values, 1)
    np.testing.assert_allclose(slow, fast, rtol=1e-14)
    np.testing.assert_allclose(slow, expected(a, idx, values, 1), rtol=1e-14)


def test_numpy_copies_a_read_only_array_instead_of_failing():
    a = np.broadcast_to(np.zeros(3), (2, 3))
    got = backends.NUMPY.add_along_axis(a, np.array([[1], [2]]), np.ones((2, 1)), 1)
    np.testing.assert_array_equal(got, [[0, 1, 0], [0, 0, 1]])
    assert not a.any()
