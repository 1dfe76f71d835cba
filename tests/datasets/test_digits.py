"""get_digits: scikit-learn's bundled 8x8 digits, shaped like get_mnist's, split for good."""

from __future__ import annotations

import gzip
import importlib.util

import numpy as np
import pytest

from flexgrad.datasets import TupleDataset, digits, get_digits
from flexgrad.errors import InvalidValueError


def arrays(dataset):
    return np.stack([x for x, _ in dataset]), np.array([t for _, t in dataset])


def test_the_split_is_stratified_fixed_and_holds_every_digit_once():
    sklearn_datasets = pytest.importorskip("sklearn.datasets")
    train, test = get_digits()
    assert isinstance(train, TupleDataset) and (len(train), len(test)) == (1437, 360)
    (x_train, t_train), (x_test, t_test) = arrays(train), arrays(test)
    assert x_train.shape == (1437, 64) and x_train.dtype == np.float32
    assert t_train.dtype == np.int32 and 0.0 <= x_train.min() and x_train.max() == 1.0

    full = sklearn_datasets.load_digits()  # scikit-learn's own reader of the same file
    ours = np.concatenate([np.column_stack([x_train, t_train]), np.column_stack([x_test,
                                                                                 t_test])])
    theirs = np.column_stack([full.data / 16.0, full.target])
    np.testing.assert_allclose(ours[np.lexsort(ours.T)], theirs[np.lexsort(theirs.T)],
                               atol=1e-7)

    in_test = np.bincount(t_test, minlength=10)
    expected = np.bincount(full.target, minlength=10) * 360 / 1797
    assert np.all(np.abs(in_test - expected) <= 1), (in_test, expected)

    again_train, again_test = get_digits()
    np.testing.assert_array_equal(arrays(again_test)[0], x_test)
    np.testing.assert_array_equal(arrays(again_train)[1], t_train)


@pytest.mark.parametrize("ndim, shape", [(1, (64,)), (2, (8, 8)), (3, (1, 8, 8))])
def test_shapes_scale_and_dtypes_follow_get_mnist(ndim, shape):
    train, test = get_digits(withlabel=False, ndim=ndim, scale=255.0, dtype="float64")
    assert train.shape == (1437, *shape) and test.shape == (360, *shape)
    assert train.dtype == np.float64 and train.max() == 255.0
    _, labelled = get_digits(ndim=ndim, label_dtype="int64")
    assert labelled[0][0].shape == shape and labelled[0][1].dtype == np.int64


def test_a_bad_ndim_names_the_function_and_argument():
    with pytest.raises(InvalidValueError, match=r"get_digits: argument 'ndim' expected 1, 2 "
                                                r"or 3, got 4"):
        get_digits(ndim=4)


def test_without_scikit_learn_the_error_says_what_to_install(monkeypatch):
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "sklearn" else real_find_spec(name, *a))
    with pytest.raises(ImportError, match=r"get_digits .* scikit-learn.*flexgrad\[data\]"):
        get_digits()


@pytest.mark.parametrize("content, message", [
    (b"1,2,3\n", r"table of shape \(1, 3\), expected \(1797, 65\)"),
    (b"not,a,number\n", "could not be read"),
    ("\n".join([",".join(["17"] * 65)] * 1797).encode(), "pixels outside"),
])
def test_a_damaged_bundled_file_is_refused(tmp_path, monkeypatch, content, message):
    path = tmp_path / "digits.csv.gz"
    path.write_bytes(gzip.compress(content))
    monkeypatch.setattr(digits, "_bundled_path", lambda: str(path))
    with pytest.raises(InvalidValueError, match=message):
        get_digits()
