"""Sliding windows and their adjoint (``sliding_window``, ``fold_windows``) on every backend,
the standard-only path run on NumPy arrays against the strided fast path and a plain loop."""

import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import flexgrad
from flexgrad import backends

BACKENDS = ["numpy", "dask", "array_api_strict", "torch", "jax",
            pytest.param("cupy", marks=pytest.mark.gpu)]
STANDARD_ONLY = backends.Backend(backends.NUMPY.xp, np.ndarray)


@st.composite
def geometries(draw):
    """(x shape, ksize, stride, pad, dilate, outsize) for 1 to 3 spatial axes."""
    nd = draw(st.integers(1, 3))
    axes = []
    for _ in range(nd):
        n, k, s = draw(st.integers(1, 5)), draw(st.integers(1, 3)), draw(st.integers(1, 3))
        p, d = draw(st.integers(0, 2)), draw(st.integers(1, 2))
        cover_all = draw(st.booleans())
        span = n + 2 * p - d * (k - 1) - 1 + (s - 1 if cover_all else 0)
        if span < 0:
            k, d, span = 1, 1, n + 2 * p - 1 + (s - 1 if cover_all else 0)
        axes.append((n, k, s, p, d, span // s + 1))
    size, *geometry = zip(*axes, strict=True)
    return ((2, 3, *size), *geometry)


def windows_by_loop(x, ksize, stride, pad, dilate, outsize, pad_value):
    out = np.full(x.shape[:2] + ksize + outsize, pad_value, x.dtype)
    for i in itertools.product(*map(range, ksize)):
        for o in itertools.product(*map(range, outsize)):
            at = [oa * s + ia * d - p
                  for oa, ia, s, d, p in zip(o, i, stride, dilate, pad, strict=True)]
            if all(0 <= a < n for a, n in zip(at, x.shape[2:], strict=True)):
                out[(..., *i, *o)] = x[(..., *at)]
    return out


def device(name):
    return flexgrad.get_device("@cupy:0" if name == "cupy" else "@" + name)


@pytest.mark.parametrize("name", BACKENDS)
@given(geometry=geometries(), pad_value=st.sampled_from([0.0, -np.inf]))
def test_sliding_window_matches_a_loop(name, geometry, pad_value):
    shape, ksize, stride, pad, dilate, outsize = geometry
    x = np.random.default_rng(0).standard_normal(shape)
    dev = device(name)
    got = dev.backend.sliding_window(dev.send(x), ksize, stride, pad, dilate, outsize,
                                     pad_value)
    expected = windows_by_loop(x, ksize, stride, pad, dilate, outsize, pad_value)
    np.testing.assert_array_equal(dev.backend.to_numpy(got), expected)


@pytest.mark.parametrize("name", BACKENDS)
@given(geometry=geometries())
def test_fold_windows_is_the_adjoint(name, geometry):
    """<windows(x), c> == <x, fold(c)> for every x and c."""
    shape, ksize, stride, pad, dilate, outsize = geometry
    rng = np.random.default_rng(1)
    x = rng.standard_normal(shape)
    cols = rng.standard_normal(shape[:2] + ksize + outsize)
    dev = device(name)
    folded = dev.backend.to_numpy(
        dev.backend.fold_windows(dev.send(cols), stride, pad, dilate, shape[2:]))
    windows = windows_by_loop(x, ksize, stride, pad, dilate, outsize, 0.0)
    assert folded.shape == shape
    np.testing.assert_allclose(np.sum(x * folded), np.sum(windows * cols), rtol=1e-12)


@given(geometry=geometries())
def test_standard_only_windows_match_the_numpy_fast_path(geometry):
    shape, ksize, stride, pad, dilate, outsize = geometry
    rng = np.random.default_rng(2)
    x = rng.standard_normal(shape)
    cols = rng.standard_normal(shape[:2] + ksize + outsize)
    for backend in (backends.NUMPY, STANDARD_ONLY):
        windows = backend.sliding_window(x, ksize, stride, pad, dilate, outsize, -1.0)
        folded = backend.fold_windows(cols, stride, pad, dilate, shape[2:])
        if backend is backends.NUMPY:
            fast = windows, folded
    np.testing.assert_array_equal(windows, fast[0])
    np.testing.assert_allclose(folded, fast[1], rtol=1e-12, atol=1e-12)


def test_numpy_windows_are_a_read_only_view():
    x = np.arange(16.0).reshape(1, 1, 4, 4)
    windows = backends.NUMPY.sliding_window(x, (2, 2), (1, 1), (0, 0), (1, 1), (3, 3))
    assert np.shares_memory(windows, x)
    with pytest.raises(ValueError, match="read-only"):
        windows[0, 0, 0, 0, 0, 0] = 1.0


def test_windows_entirely_in_the_padding_fold_to_zeros():
    cols = np.ones((1, 1, 1, 3))
    for backend in (backends.NUMPY, STANDARD_ONLY):
        # windows at -2, 1 and 4 miss the one input element; at -1, 0, 1 one hits it
        np.testing.assert_array_equal(backend.fold_windows(cols, (3,), (2,), (1,), (1,)),
                                      [[[0.0]]])
        np.testing.assert_array_equal(backend.fold_windows(cols, (1,), (1,), (1,), (1,)),
                                      [[[1.0]]])
