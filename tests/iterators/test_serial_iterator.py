"""SerialIterator: Chainer's batches, epochs, wrap-around, StopIteration and resume."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import flexgrad
from flexgrad.errors import InvalidTypeError, InvalidValueError
from flexgrad.iterators import SerialIterator, ShuffleOrderSampler
from flexgrad.serializers import load_npz, save_npz


def test_epoch_detail_sequence_of_10_by_4():
    it = SerialIterator(list(range(10)), 4, shuffle=False)
    assert it.previous_epoch_detail is None
    assert it.epoch_detail == 0.0
    seen = []
    for _ in range(5):
        batch = it.next()
        seen.append((batch, it.epoch, it.is_new_epoch, it.epoch_detail,
                     it.previous_epoch_detail, it.current_position))
    assert seen == [
        ([0, 1, 2, 3], 0, False, 0.4, 0.0, 4),
        ([4, 5, 6, 7], 0, False, 0.8, 0.4, 8),
        ([8, 9, 0, 1], 1, True, 1.2, 0.8, 2),
        ([2, 3, 4, 5], 1, False, 1.6, 1.2, 6),
        ([6, 7, 8, 9], 2, True, 2.0, 1.6, 0),
    ]


def test_wrap_around_takes_the_next_epochs_shuffled_order():
    flexgrad.set_seed(3)
    it = SerialIterator(list(range(10)), 4)
    first = it.next() + it.next()
    third = it.next()
    next_order = [int(i) for i in it._state.order]
    assert sorted(first + third[:2]) == list(range(10))  # epoch 0 complete
    assert third[2:] == next_order[:2]  # the rest comes from epoch 1's order
    assert it.current_position == 2
    fourth = it.next()
    assert fourth == next_order[2:6]


def test_no_repeat_stops_after_one_epoch_with_a_short_last_batch():
    it = SerialIterator(np.arange(10), 4, repeat=False, shuffle=False)
    batches = [list(map(int, b)) for b in it]
    assert batches == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    assert it.epoch == 1 and it.is_new_epoch and it.epoch_detail == 1.0
    with pytest.raises(StopIteration):
        it.next()
    it.reset()
    assert it.epoch == 0 and it.next() == [0, 1, 2, 3]


def test_batch_larger_than_dataset_spans_epochs():
    it = SerialIterator([0, 1, 2], 7, shuffle=False)
    assert it.next() == [0, 1, 2, 0, 1, 2, 0]
    assert it.epoch == 2 and it.current_position == 1


def test_set_seed_fixes_the_order():
    flexgrad.set_seed(7)
    a = [SerialIterator(list(range(20)), 5).next() for _ in range(1)]
    flexgrad.set_seed(7)
    b = [SerialIterator(list(range(20)), 5).next() for _ in range(1)]
    assert a == b
    c = SerialIterator(list(range(20)), 5, order_sampler=ShuffleOrderSampler(1)).next()
    d = SerialIterator(list(range(20)), 5, order_sampler=ShuffleOrderSampler(1)).next()
    assert c == d


def test_numpy_random_state_is_accepted_as_in_chainer():
    sampler = ShuffleOrderSampler(np.random.RandomState(0))
    it = SerialIterator(list(range(6)), 6, order_sampler=sampler)
    assert it.next() == list(np.random.RandomState(0).permutation(6))


class _Holder:
    """An object with serialize, as the Trainer's snapshot sees an iterator."""

    def __init__(self, iterator):
        self.iterator = iterator

    def serialize(self, serializer):
        self.iterator.serialize(serializer["iterator"])


@pytest.mark.parametrize("shuffle", [True, False])
def test_serialize_round_trip_resumes_the_same_batches(tmp_path, shuffle):
    flexgrad.set_seed(0)
    it = SerialIterator(list(range(10)), 4, shuffle=shuffle)
    for _ in range(3):
        it.next()
    save_npz(tmp_path / "it.npz", _Holder(it))
    expected = [it.next() for _ in range(6)]

    flexgrad.set_seed(99)
    resumed = SerialIterator(list(range(10)), 4, shuffle=shuffle)
    load_npz(tmp_path / "it.npz", _Holder(resumed))
    assert (resumed.epoch, resumed.current_position, resumed.is_new_epoch) == (1, 2, True)
    assert resumed.previous_epoch_detail == pytest.approx(0.8)
    assert resumed.epoch_detail == pytest.approx(1.2)
    # The rest of the saved epoch replays exactly; with shuffling, later epochs' orders
    # come from the generator's state (not part of the snapshot, as in Chainer).
    n = 6 if not shuffle else 2
    assert [resumed.next() for _ in range(n)] == expected[:n]


def test_fresh_iterator_serializes_previous_epoch_detail_as_none(tmp_path):
    it = SerialIterator(list(range(4)), 2, shuffle=False)
    save_npz(tmp_path / "it.npz", it)
    other = SerialIterator(list(range(4)), 2, shuffle=False)
    other.next()
    load_npz(tmp_path / "it.npz", other)
    assert other.previous_epoch_detail is None and other.current_position == 0


def test_bad_arguments_name_the_argument():
    with pytest.raises(InvalidValueError, match="SerialIterator: argument 'order_sampler'"):
        SerialIterator([1], 1, shuffle=True, order_sampler=ShuffleOrderSampler())
    with pytest.raises(InvalidValueError, match="argument 'batch_size' expected an int >= 1"):
        SerialIterator([1], 0)
    with pytest.raises(InvalidTypeError, match="argument 'batch_size' expected an int"):
        SerialIterator([1], 2.5)
    with pytest.raises(ValueError, match="non-empty"):
        SerialIterator([], 2, shuffle=False).next()


def test_bad_order_sampler_length():
    it = SerialIterator([0, 1, 2], 2, order_sampler=lambda order, pos: [0, 1, 2][: 3 - pos])
    it.next()
    with pytest.raises(ValueError, match="order_sampler returned an order of length"):
        it.next()


def test_context_manager_and_iteration_protocol():
    with SerialIterator([1, 2, 3], 2, repeat=False, shuffle=False) as it:
        assert iter(it) is it
        assert list(it) == [[1, 2], [3]]


@given(n=st.integers(1, 30), batch=st.integers(1, 12), shuffle=st.booleans(),
       seed=st.integers(0, 2**16))
def test_every_example_once_per_epoch(n, batch, shuffle, seed):
    flexgrad.set_seed(seed)
    it = SerialIterator(list(range(n)), batch, shuffle=shuffle)
    stream = []
    while it.epoch < 3:
        stream += it.next()
    for e in range(3):
        assert sorted(stream[e * n:(e + 1) * n]) == list(range(n))
    once = SerialIterator(list(range(n)), batch, repeat=False, shuffle=shuffle)
    assert sorted(x for b in once for x in b) == list(range(n))


def test_strict_and_dask_array_datasets_end_to_end():
    import array_api_strict as xps
    import dask.array as da

    from flexgrad.dataset import concat_examples
    from flexgrad.datasets import TupleDataset, split_dataset_random

    for x, t in [(xps.reshape(xps.arange(12.0), (6, 2)), xps.arange(6)),
                 (da.arange(12.0, chunks=3).reshape(6, 2), da.arange(6, chunks=2))]:
        train, _ = split_dataset_random(TupleDataset(x, t), 4, seed=0)
        it = SerialIterator(train, 3, shuffle=False)
        xb, tb = concat_examples(it.next())
        assert type(xb) is type(x) and xb.shape == (3, 2) and tb.shape == (3,)
        rows = flexgrad.backends.backend_of(xb).to_numpy(xb)
        labels = flexgrad.backends.backend_of(tb).to_numpy(tb)
        np.testing.assert_array_equal(rows[:, 0], labels * 2.0)
