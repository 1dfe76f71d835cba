"""Bad labels, IDs and offsets: arrays in host memory and debug mode raise, on a GPU eager
code gives NaN without looking, and Dask raises the op's error when the result is computed
(never a wrong row)."""

import dask
import dask.array as da
import numpy as np
import pytest

import flexgrad
import flexgrad.functions as F
from flexgrad.errors import InvalidValueError

W = np.arange(6.0).reshape(3, 2)
X = np.arange(6.0).reshape(2, 3)
POOLED = np.ones((1, 1, 2, 2))

CALLS = {
    "embed_id": (lambda xp: F.embed_id(xp.asarray([0, -1]), xp.asarray(W)), "'x'.*IDs"),
    "select_item": (lambda xp: F.select_item(xp.asarray(X), xp.asarray([0, 3])), "'t'"),
    "permutate": (lambda xp: F.permutate(xp.asarray(W), xp.asarray([0, 0, 2])), "'indices'"),
    "upsampling_2d": (lambda xp: F.upsampling_2d(xp.asarray(POOLED), xp.asarray(
        np.full((1, 1, 2, 2), 4)), 2), "'indexes'"),
    "softmax_cross_entropy": (lambda xp: F.softmax_cross_entropy(
        xp.asarray(X), xp.asarray([0, 5])), "'t'"),
}


@pytest.mark.parametrize("name", CALLS)
def test_debug_mode_raises_naming_the_argument(name):
    call, match = CALLS[name]
    with flexgrad.using_config("debug", True), pytest.raises(InvalidValueError, match=match):
        call(np)


@pytest.mark.parametrize("name", CALLS)
def test_host_memory_arrays_are_checked_outside_debug_mode_too(name):
    call, match = CALLS[name]
    with pytest.raises(InvalidValueError, match=match):
        call(np)


@pytest.mark.parametrize("name", CALLS)
def test_on_a_gpu_outside_debug_mode_results_hold_nan(name, as_if_on_a_gpu):
    call, _ = CALLS[name]
    assert np.isnan(call(np).array).any()


@pytest.mark.parametrize("name", CALLS)
def test_dask_raises_when_computed_and_not_before(name):
    call, match = CALLS[name]
    with dask.config.set(scheduler=lambda *a, **k: pytest.fail("computed in forward")):
        y = call(da)
    with pytest.raises(InvalidValueError, match=match):
        np.asarray(y.array)


def test_embed_id_nan_rows_only_where_ids_are_bad_and_gradient_stays_finite_elsewhere(
        as_if_on_a_gpu):
    Wv = flexgrad.Parameter(W.copy())
    y = F.embed_id(np.array([2, 7, -2, 0]), Wv)
    np.testing.assert_array_equal(y.array[[0, 3]], [[4.0, 5.0], [0.0, 1.0]])
    assert np.isnan(y.array[[1, 2]]).all()
    F.sum(y[0:1]).backward()
    np.testing.assert_array_equal(Wv.grad, [[0, 0], [0, 0], [1, 1]])


def test_dask_embed_id_of_minus_one_raises_instead_of_the_last_row():
    y = F.embed_id(da.from_array(np.array([1, -1]), chunks=1), da.from_array(W))
    with pytest.raises(InvalidValueError, match="embed_id: argument 'x'.*got IDs from -1"):
        y.array.compute()
    good = F.embed_id(da.from_array(np.array([2, -1]), chunks=1), da.from_array(W),
                      ignore_label=-1)
    np.testing.assert_array_equal(good.array.compute(), [[4.0, 5.0], [0.0, 0.0]])
