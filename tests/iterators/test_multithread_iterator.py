"""MultithreadIterator and MultiprocessIterator: SerialIterator's batches, read by threads."""

from __future__ import annotations

import threading

import pytest

import flexgrad
from flexgrad.dataset import DatasetMixin
from flexgrad.errors import InvalidValueError
from flexgrad.iterators import MultiprocessIterator, MultithreadIterator, SerialIterator
from flexgrad.serializers import load_npz, save_npz


class _Recording(DatasetMixin):
    def __init__(self, n):
        self.n, self.threads = n, set()

    def __len__(self):
        return self.n

    def get_example(self, i):
        self.threads.add(threading.get_ident())
        return i


@pytest.mark.parametrize("cls", [MultithreadIterator, MultiprocessIterator])
@pytest.mark.parametrize("repeat", [True, False])
def test_same_batches_as_serial(cls, repeat):
    flexgrad.set_seed(1)
    serial = SerialIterator(list(range(10)), 4, repeat=repeat)
    expected = [serial.next() for _ in range(3)] if repeat else list(serial)
    flexgrad.set_seed(1)
    data = _Recording(10)
    with cls(data, 4, repeat, None, 3) as it:
        got = [it.next() for _ in range(3)] if repeat else list(it)
        assert got == expected
        assert (it.epoch, it.epoch_detail) == (serial.epoch, serial.epoch_detail)
    assert threading.get_ident() not in data.threads


def test_serialize_and_finalize(tmp_path):
    it = MultithreadIterator(list(range(6)), 4, shuffle=False, n_threads=2)
    it.next()
    save_npz(tmp_path / "it.npz", it)
    it.finalize()
    it.finalize()
    other = MultithreadIterator(list(range(6)), 4, shuffle=False, n_threads=2)
    load_npz(tmp_path / "it.npz", other)
    assert other.next() == [4, 5, 0, 1]
    other.finalize()


def test_bad_thread_count():
    with pytest.raises(InvalidValueError, match="MultithreadIterator: argument 'n_threads'"):
        MultithreadIterator([1], 1, n_threads=0)
