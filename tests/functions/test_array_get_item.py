"""get_item on every supported key form against NumPy, its gradient, and its errors."""

import contextlib

import dask
import dask.array as da
import numpy as np
import pytest

import flexgrad
import flexgrad.functions as F
from flexgrad import Variable
from flexgrad.errors import BackendMismatchError, InvalidTypeError, InvalidValueError

DEVICES = ["@numpy", "@dask", "@array_api_strict", pytest.param("@cupy:0", marks=pytest.mark.gpu)]
X = np.arange(24.0).reshape(2, 3, 4)

KEYS = {
    "int": 1,
    "negative int": -1,
    "slice": slice(None, 2),
    "int and slice": (slice(None), 1),
    "negative steps": (slice(None, None, -1), slice(2, None, -2)),
    "ellipsis": (Ellipsis, 2),
    "newaxis": (1, None, 1, 0),
    "int next to negative step": (1, slice(None, None, -2), None),
    "empty tuple": (),
    "list": [1, 0, 1],
    "tuple in key": ((1, 0),),
    "array": np.array([1, 0, 1]),
    "2-d array": (slice(None), np.array([[0, 1], [2, 2]])),
    "negative array": (Ellipsis, np.array([-1, 0])),
    "int32 array": (slice(None), np.array([1, 2], dtype=np.int32)),
    "uint8 array": (slice(None), np.array([1, 2], dtype=np.uint8)),
    "0-d array": (np.array(1), slice(None), 2),
    "two adjacent arrays": (slice(None), [0, 2], [1, 3]),
    "rows and labels": (np.arange(2), 0, np.array([3, 1])),
    "broadcast arrays": (np.array([[0], [1]]), slice(None), np.array([0, 3])),
    "int before array, apart": (0, slice(None), [1, 2]),
    "array and int, apart": ([0, 1], slice(None), 0),
    "array and int, adjacent": (slice(None), 0, [1, 2]),
    "arrays apart": ([0, 1], slice(None), [1, 2]),
    "arrays around newaxis": ([0, 1], None, [1, 2]),
    "arrays around empty ellipsis": (slice(None), [0, 1], Ellipsis, [1, 2]),
    "array with slices": (slice(1, None), [2, 0, 2], slice(None, None, -1)),
    "empty list": [],
}


def on(device, a):
    """``a`` (NumPy) sent to ``device``; Dask arrays get small chunks."""
    a = flexgrad.get_device(device).send(np.asarray(a))
    return a.rechunk(2) if isinstance(a, da.Array) else a


def key_on(device, key):
    """``key`` with its NumPy index arrays sent to ``device``."""
    if isinstance(key, tuple):
        return tuple(key_on(device, k) for k in key)
    return on(device, key) if isinstance(key, np.ndarray) else key


def to_numpy(a):
    return flexgrad.backends.backend_of(a).to_numpy(a)


def _refuse(*args, **kwargs):
    raise AssertionError("a Dask value was computed inside forward or backward")


@contextlib.contextmanager
def lazy(device):
    """On Dask, refuse any computation inside the block."""
    if device != "@dask":
        yield
        return
    with dask.config.set(scheduler=_refuse):
        yield


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("key", KEYS.values(), ids=KEYS.keys())
def test_forward_and_gradient_match_numpy(device, key):
    expected = X[key]
    gy = np.random.default_rng(0).normal(size=expected.shape)
    expected_gx = np.zeros_like(X)
    np.add.at(expected_gx, key, gy)
    x = Variable(on(device, X))
    with lazy(device):
        y = x[key_on(device, key)]
        y.grad = on(device, gy)
        y.backward()
    assert type(y.array) is type(x.array)
    assert type(x.grad) is type(x.array)
    assert y.shape == expected.shape
    np.testing.assert_array_equal(to_numpy(y.array), expected)
    np.testing.assert_allclose(to_numpy(x.grad), expected_gx)


@pytest.mark.parametrize("device", DEVICES)
def test_gradient_of_repeated_indices_accumulates(device):
    x = Variable(on(device, np.zeros((3, 2))))
    rows, labels = on(device, np.array([0, 0, 2, 0])), on(device, np.array([1, 1, 0, 1]))
    with lazy(device):
        y = F.get_item(x, (rows, labels))
        y.grad = on(device, np.ones(4))
        y.backward()
    np.testing.assert_array_equal(to_numpy(x.grad), [[0.0, 3.0], [0.0, 0.0], [1.0, 0.0]])


@pytest.mark.parametrize("device", DEVICES)
def test_index_held_by_a_variable(device):
    t = Variable(on(device, np.array([2, 0, 2])), requires_grad=False)
    x = Variable(on(device, X))
    y = F.get_item(x, (Ellipsis, t))
    np.testing.assert_array_equal(to_numpy(y.array), X[..., [2, 0, 2]])


def test_works_on_raw_arrays_and_returns_arrays_for_scalars():
    y = F.get_item(np.arange(3.0), 1)
    assert isinstance(y, Variable)
    assert isinstance(y.array, np.ndarray) and y.shape == ()


BAD_KEYS = {
    "boolean array": (np.array([True, False]), InvalidTypeError, "boolean masks"),
    "boolean list": ([True, False], InvalidTypeError, "boolean masks"),
    "bool": (True, InvalidTypeError, "boolean masks"),
    "float": (1.0, InvalidTypeError, "integer arrays"),
    "float array": (np.array([1.0]), InvalidTypeError, "integer arrays"),
    "string": ("a", InvalidTypeError, "integer arrays"),
    "float slice": (slice(0.5, None), InvalidTypeError, "slices of ints"),
    "zero step": (slice(None, None, 0), InvalidValueError, "non-zero step"),
    "list of slices": ([slice(None), 0], InvalidTypeError, "must hold ints"),
    "ragged list": ([[0, 1], [0]], InvalidValueError, "rectangular"),
    "int out of range": ((0, 3), InvalidValueError, "[-3, 3) for axis 1"),
    "negative int out of range": (-3, InvalidValueError, "[-2, 2) for axis 0"),
    "list out of range": ((Ellipsis, [0, 4]), InvalidValueError, "got indices in [0, 4]"),
    "array out of range": (np.array([-3, 1]), InvalidValueError, "got indices in [-3, 1]"),
    "too many indices": ((0, 0, 0, 0), InvalidValueError, "at most 3 indices"),
    "two ellipses": ((Ellipsis, 0, Ellipsis), InvalidValueError, "at most one Ellipsis"),
    "arrays that do not broadcast": (([0, 1], [0, 1, 2]), InvalidValueError, "broadcast"),
}


@pytest.mark.parametrize("device", ["@numpy", "@array_api_strict"])
@pytest.mark.parametrize("key, error, text", BAD_KEYS.values(), ids=BAD_KEYS.keys())
def test_bad_keys_raise_errors_naming_get_item_and_slices(device, key, error, text):
    x = Variable(on(device, X))
    with pytest.raises(error, match="get_item: argument 'slices'") as info:
        x[key_on(device, key)]
    assert text in str(info.value)


def test_index_array_of_another_backend_is_named():
    x = Variable(on("@dask", X))
    with pytest.raises(BackendMismatchError, match="get_item.*on dask like x.*on numpy"):
        x[np.array([0, 1])]


def test_out_of_range_list_is_caught_on_dask_without_computing():
    x = Variable(on("@dask", X))
    with lazy("@dask"), pytest.raises(InvalidValueError, match=r"\[-2, 2\) for axis 0"):
        x[[0, 2]]


def test_x_must_be_an_array():
    with pytest.raises(InvalidTypeError, match="get_item: argument 'x'"):
        F.get_item([1.0, 2.0], 0)
