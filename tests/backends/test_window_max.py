"""``Backend.window_max`` and ``spread_windows`` (max pooling and its gradient): NumPy's
strided loops against the standard-only path, ties and padding included."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from flexgrad import backends

STANDARD_ONLY = backends.Backend(backends.NUMPY.xp, np.ndarray)


@st.composite
def pools(draw):
    """(x with many ties, ksize, stride, pad, outsize) for 1 to 3 spatial axes."""
    nd = draw(st.integers(1, 3))
    axes = []
    for _ in range(nd):
        k, s = draw(st.integers(1, 3)), draw(st.integers(1, 3))
        p = draw(st.integers(0, k - 1))
        n = draw(st.integers(max(1, k - 2 * p), 5))
        axes.append((n, k, s, p, (n + 2 * p - k + s - 1) // s + 1))  # cover_all
    size, ksize, stride, pad, outsize = zip(*axes, strict=True)
    x = np.random.default_rng(draw(st.integers(0, 9))).integers(-2, 2, (2, 3, *size))
    return x.astype(draw(st.sampled_from([np.float32, np.float64]))), ksize, stride, pad, outsize


@given(pool=pools())
def test_numpy_window_max_matches_the_standard_only_path(pool):
    y, index = backends.NUMPY.window_max(*pool)
    expected_y, expected_index = STANDARD_ONLY.window_max(*pool)
    np.testing.assert_array_equal(y, expected_y)
    np.testing.assert_array_equal(index, expected_index)
    assert y.dtype == pool[0].dtype and index.dtype == expected_index.dtype == np.int32


def test_the_first_of_tied_maxima_wins():
    x = np.array([[[1.0, 3.0, 3.0, 0.0, -1.0, -1.0]]])
    for backend in (backends.NUMPY, STANDARD_ONLY):
        y, index = backend.window_max(x, (3,), (3,), (0,), (2,))
        np.testing.assert_array_equal(y, [[[3.0, 0.0]]])
        np.testing.assert_array_equal(index, [[[1, 0]]])


@given(pool=pools(), seed=st.integers(0, 9))
def test_numpy_spread_windows_matches_the_standard_only_path(pool, seed):
    x, ksize, stride, pad, outsize = pool
    rng = np.random.default_rng(seed)
    values = rng.standard_normal((*x.shape[:2], *outsize)).astype(x.dtype)
    indexes = rng.integers(0, np.prod(ksize), values.shape).astype(np.int32)
    args = (values, indexes, ksize, stride, pad, x.shape[2:])
    image = backends.NUMPY.spread_windows(*args)
    np.testing.assert_allclose(image, STANDARD_ONLY.spread_windows(*args), rtol=1e-6)
    assert image.shape == x.shape and image.dtype == x.dtype
