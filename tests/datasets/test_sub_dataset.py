"""SubDataset, split_dataset(_random), split_dataset_n and cross validation, as Chainer."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import flexgrad
from flexgrad.datasets import (
    SubDataset,
    get_cross_validation_datasets,
    get_cross_validation_datasets_random,
    split_dataset,
    split_dataset_n,
    split_dataset_n_random,
    split_dataset_random,
)
from flexgrad.errors import InvalidTypeError, InvalidValueError

DATA = list(range(10, 20))


def test_sub_dataset_indexing_and_order():
    sub = SubDataset(DATA, 2, 5)
    assert len(sub) == 3 and sub[0] == 12 and sub[-1] == 14 and sub[:] == [12, 13, 14]
    with pytest.raises(IndexError):
        sub[3]
    with pytest.raises(IndexError):
        sub[-4]
    ordered = SubDataset(DATA, 0, 2, order=list(range(9, -1, -1)))
    assert ordered[:] == [19, 18]


def test_split_dataset():
    a, b = split_dataset(DATA, 3)
    assert a[:] == DATA[:3] and b[:] == DATA[3:]
    a, b = split_dataset(DATA, 10)
    assert len(b) == 0
    with pytest.raises(InvalidTypeError, match="split_dataset: argument 'split_at'"):
        split_dataset(DATA, 2.0)
    with pytest.raises(InvalidValueError, match="expected an int >= 0"):
        split_dataset(DATA, -1)
    with pytest.raises(InvalidValueError, match="at most the dataset's size 10"):
        split_dataset(DATA, 11)
    with pytest.raises(InvalidValueError, match="argument 'order'"):
        SubDataset(DATA, 0, 2, order=[0, 1])


def test_split_dataset_random_is_seeded():
    a1, b1 = split_dataset_random(DATA, 4, seed=0)
    a2, b2 = split_dataset_random(DATA, 4, seed=0)
    assert a1[:] == a2[:] and b1[:] == b2[:]
    assert sorted(a1[:] + b1[:]) == DATA
    assert a1[:] != split_dataset_random(DATA, 4, seed=1)[0][:]
    flexgrad.set_seed(5)
    c = split_dataset_random(DATA, 4)[0][:]
    flexgrad.set_seed(5)
    assert split_dataset_random(DATA, 4)[0][:] == c


def test_split_dataset_n():
    parts = split_dataset_n(DATA, 3)
    assert [p[:] for p in parts] == [DATA[0:3], DATA[3:6], DATA[6:10]]
    parts = split_dataset_n_random(DATA, 3, seed=0)
    assert sorted(sum((p[:] for p in parts), [])) == DATA


def test_cross_validation_matches_chainer():
    folds = get_cross_validation_datasets(list(range(5)), 2)
    # Chainer: test folds are taken from the end of the order, rotating it each time.
    assert [(train[:], test[:]) for train, test in folds] == [
        ([0, 1], [2, 3, 4]),
        ([2, 3, 4], [0, 1]),
    ]


@given(n=st.integers(1, 25), k=st.integers(1, 6), seed=st.integers(0, 100))
def test_cross_validation_folds_partition(n, k, seed):
    data = list(range(n))
    folds = get_cross_validation_datasets_random(data, k, seed=seed)
    assert len(folds) == k
    tests = sorted(x for _, test in folds for x in test[:])
    assert tests == data
    for train, test in folds:
        assert sorted(train[:] + test[:]) == data


def test_works_on_arrays():
    x = np.arange(6) * 2
    a, b = split_dataset(x, 2, order=np.arange(5, -1, -1))
    assert [int(v) for v in a[:]] == [10, 8]
