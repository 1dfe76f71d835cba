"""Pooling: values against direct loops, Chainer's padding and cover_all conventions, the
indices max pooling returns and upsampling takes, and the errors for bad input."""

import itertools

import numpy as np
import pytest

import flexgrad
import flexgrad.functions as F
from flexgrad.errors import InvalidTypeError, InvalidValueError
from flexgrad.testing import check_backward, check_double_backward

RNG = np.random.default_rng(0)


def pool_by_loop(x, k, s, p, cover_all, reduce, pad_value):
    """Each window of ``x`` (n, c, h, w) padded with ``pad_value`` (None: dropped), reduced."""
    h, w = x.shape[2:]
    extra = s - 1 if cover_all else 0
    oh, ow = (h + 2 * p - k + extra) // s + 1, (w + 2 * p - k + extra) // s + 1
    y = np.empty(x.shape[:2] + (oh, ow))
    for i, j in itertools.product(range(oh), range(ow)):
        rows = [r for r in range(i * s - p, i * s - p + k)]
        cols = [c for c in range(j * s - p, j * s - p + k)]
        inside = [(r, c) for r in rows for c in cols if 0 <= r < h and 0 <= c < w]
        values = [x[:, :, r, c] for r, c in inside]
        if pad_value is not None:
            values += [np.full(x.shape[:2], pad_value)] * (k * k - len(inside))
        y[:, :, i, j] = reduce(np.stack(values), axis=0)
    return y


@pytest.mark.parametrize("k, s, p, cover_all", [(2, 2, 0, True), (3, 2, 1, True),
                                                (3, 2, 1, False), (2, 1, 1, True)])
def test_max_pooling_2d_matches_a_loop(k, s, p, cover_all):
    x = RNG.standard_normal((2, 3, 5, 4))
    y = F.max_pooling_2d(x, k, s, p, cover_all)
    np.testing.assert_array_equal(y.array, pool_by_loop(x, k, s, p, cover_all, np.max, -np.inf))


def test_max_pooling_gradient_goes_to_the_first_maximum():
    x = flexgrad.Variable(np.array([[[[1.0, 1.0], [0.0, 1.0]]]]))
    F.sum(F.max_pooling_2d(x, 2)).backward()
    np.testing.assert_array_equal(x.grad, [[[[1.0, 0.0], [0.0, 0.0]]]])


def test_max_pooling_indices_point_at_the_maxima_and_upsampling_puts_them_back():
    x = RNG.standard_normal((2, 2, 6, 5))
    k, s, p = 3, 2, 1
    y, indexes = F.max_pooling_2d(x, k, s, p, return_indices=True)
    assert indexes.shape == y.shape and indexes.dtype.kind == "i"
    expected = np.zeros_like(x)
    for n, c, i, j in itertools.product(*map(range, y.shape)):
        a, b = divmod(int(indexes[n, c, i, j]), k)
        r, col = i * s - p + a, j * s - p + b
        assert x[n, c, r, col] == y.array[n, c, i, j]
        expected[n, c, r, col] += y.array[n, c, i, j]  # overlapping windows add up
    up = F.upsampling_2d(y, indexes, k, s, p, outsize=x.shape[2:])
    np.testing.assert_array_equal(up.array, expected)


def test_upsampling_2d_places_each_value_at_its_offset():
    up = F.upsampling_2d(np.ones((1, 1, 2, 2)), np.array([[[[0, 3], [1, 2]]]]), 2,
                         outsize=(4, 4))
    np.testing.assert_array_equal(up.array[0, 0], [[1, 0, 0, 0], [0, 0, 0, 1],
                                                   [0, 1, 0, 0], [0, 0, 1, 0]])


def test_max_pooling_nd_and_its_double_backward():
    x = RNG.permutation(48).astype(float).reshape(1, 2, 2, 3, 4)
    y = F.max_pooling_nd(x, 2, cover_all=False)
    expected = [[x[0, c, :2, :2, 2 * i:2 * i + 2].max() for i in range(2)] for c in range(2)]
    np.testing.assert_array_equal(y.array[0, :, 0, 0], expected)
    check_double_backward(lambda v: F.max_pooling_nd(v, (1, 2, 2), 1), (x,), None, None)


@pytest.mark.parametrize("k, s, p", [(2, 2, 0), (3, 2, 1), (2, 1, 1)])
def test_average_pooling_2d_counts_padded_zeros(k, s, p):
    x = RNG.standard_normal((2, 3, 5, 4))
    np.testing.assert_allclose(F.average_pooling_2d(x, k, s, p).array,
                               pool_by_loop(x, k, s, p, False, np.mean, 0.0))


def test_average_pooling_nd_pad_value_none_averages_the_inside_only():
    x = RNG.standard_normal((2, 3, 5, 4))
    y = F.average_pooling_nd(x, 3, 2, 1, pad_value=None)
    np.testing.assert_allclose(y.array, pool_by_loop(x, 3, 2, 1, False, np.mean, None))
    check_double_backward(lambda v: F.average_pooling_nd(v, 3, 2, 1, None), (x,), None, None)


def test_global_average_pooling_is_a_mean_over_spatial_axes():
    x = RNG.standard_normal((2, 3, 4, 4))
    np.testing.assert_allclose(F.average_pooling_2d(x, 4).array[:, :, 0, 0],
                               F.mean(x, axis=(2, 3)).array)


def test_unpooling_2d_follows_chainers_sizes():
    x = RNG.standard_normal((1, 2, 3, 2))
    assert F.unpooling_2d(x, 2).shape == (1, 2, 5, 3)  # cover_all: 2 (n - 1) + 2 - 1
    y = F.unpooling_2d(x, 2, cover_all=False)
    np.testing.assert_array_equal(y.array, x.repeat(2, axis=2).repeat(2, axis=3))
    overlapping = F.unpooling_2d(np.ones((1, 1, 2, 1)), (3, 1), (2, 1), cover_all=False)
    np.testing.assert_array_equal(overlapping.array[0, 0, :, 0], [1, 1, 2, 1, 1])
    check_backward(lambda v: F.unpooling_2d(v, 3, 2, 1), (x,))


@pytest.mark.parametrize("call, arg", [
    (lambda: F.max_pooling_2d(np.ones((1, 1, 2, 2)), 3, cover_all=False), "'ksize'"),
    (lambda: F.average_pooling_2d(np.ones((1, 1, 2, 2)), 3), "'ksize'"),
    (lambda: F.average_pooling_nd(np.ones((1, 1, 4)), 2, pad_value=1), "'pad_value'"),
    (lambda: F.max_pooling_nd(np.ones((1, 1, 4, 4)), (2, 2, 2)), "'ksize'"),
    (lambda: F.max_pooling_2d(np.ones((1, 4, 4)), 2), "'x'"),
    (lambda: F.unpooling_2d(np.ones((1, 1, 2, 2)), 2, outsize=(7, 7)), "'outsize'"),
    (lambda: F.upsampling_2d(np.ones((1, 1, 2, 2)), np.zeros((1, 1, 2, 1), int), 2),
     "'indexes'"),
    (lambda: F.upsampling_2d(np.ones((1, 1, 2, 2)), np.full((1, 1, 2, 2), 4), 2), "'indexes'"),
])
def test_bad_input_names_the_function_and_argument(call, arg):
    # value checks (IDs, offsets) run in debug mode only, as in Chainer
    with flexgrad.using_config("debug", True), pytest.raises(InvalidValueError, match=arg):
        call()


def test_bad_types_name_the_function_and_argument():
    with pytest.raises(InvalidTypeError, match="'x'"):
        F.max_pooling_2d(np.ones((1, 1, 2, 2), int), 2)
    with pytest.raises(InvalidTypeError, match="'indexes'"):
        F.upsampling_2d(np.ones((1, 1, 2, 2)), np.zeros((1, 1, 2, 2)), 2)
