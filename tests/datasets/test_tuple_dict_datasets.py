"""TupleDataset, DictDataset, TransformDataset, ConcatenatedDataset and DatasetMixin."""

from __future__ import annotations

import array_api_strict as xps
import numpy as np
import pytest

from flexgrad.dataset import DatasetMixin, concat_examples
from flexgrad.datasets import ConcatenatedDataset, DictDataset, TransformDataset, TupleDataset
from flexgrad.errors import InvalidValueError


def test_tuple_dataset_indexing():
    x, t = np.arange(10.0).reshape(5, 2), np.arange(5, dtype=np.int32)
    d = TupleDataset(x, t)
    assert len(d) == 5
    a, b = d[3]
    np.testing.assert_array_equal(a, [6.0, 7.0])
    assert b == 3
    assert [int(e[1]) for e in d[1:4]] == [1, 2, 3]
    assert [int(e[1]) for e in d[[4, 0]]] == [4, 0]
    assert [int(e[1]) for e in d[np.array([2, 2])]] == [2, 2]
    batch = concat_examples(d[0:2])
    assert batch[0].shape == (2, 2) and batch[1].dtype == np.int32


def test_tuple_dataset_of_lists_and_strict_arrays():
    d = TupleDataset(["a", "b", "c"], xps.arange(3))
    assert d[[2, 0]][0][0] == "c"
    assert int(d[[2, 0]][1][1]) == 0
    assert d[-1][0] == "c"


def test_tuple_dataset_errors():
    with pytest.raises(InvalidValueError, match="TupleDataset: argument 'datasets'"):
        TupleDataset()
    with pytest.raises(InvalidValueError, match=r"argument 'datasets\[1\]' expected length 2"):
        TupleDataset([1, 2], [1])


def test_dict_dataset():
    d = DictDataset(x=np.arange(4), y=["p", "q", "r", "s"])
    assert len(d) == 4
    assert d[1] == {"x": 1, "y": "q"}
    assert [e["y"] for e in d[2:]] == ["r", "s"]
    assert [e["y"] for e in d[[3, 0]]] == ["s", "p"]
    with pytest.raises(InvalidValueError, match="DictDataset: argument 'y' expected length 4"):
        DictDataset(x=np.arange(4), y=[1])
    with pytest.raises(InvalidValueError, match="DictDataset"):
        DictDataset()


class _Squares(DatasetMixin):
    def __len__(self):
        return 6

    def get_example(self, i):
        if not -6 <= i < 6:
            raise IndexError(i)
        return (i % 6) ** 2


def test_dataset_mixin_indexing():
    d = _Squares()
    assert d[2] == 4 and d[-1] == 25
    assert d[::2] == [0, 4, 16]
    assert d[[5, 1]] == [25, 1]
    assert d[np.array([3])] == [9]
    with pytest.raises(NotImplementedError):
        DatasetMixin().get_example(0)
    with pytest.raises(NotImplementedError):
        len(DatasetMixin())


def test_transform_and_concatenated():
    t = TransformDataset(_Squares(), lambda v: v + 1)
    assert len(t) == 6 and t[2] == 5 and t[4:] == [17, 26]
    c = ConcatenatedDataset([1, 2], _Squares(), [])
    assert len(c) == 8 and c[1] == 2 and c[2] == 0 and c[-1] == 25 and c[7] == 25
    with pytest.raises(IndexError):
        c[8]
    with pytest.raises(IndexError):
        c[-9]
