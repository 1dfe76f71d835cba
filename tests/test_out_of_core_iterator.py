"""ChunkedIterator: every sample once per epoch in a seeded two-level order, read a window
of chunks at a time from Zarr, HDF5, memmaps and Dask, resumed exactly from a snapshot."""

from __future__ import annotations

import numpy as np
import pytest

import flexgrad
from flexgrad.errors import InvalidTypeError, InvalidValueError
from flexgrad.iterators import ChunkedIterator, batch_arrays
from flexgrad.serializers import load_npz, save_npz

N, CHUNK, WINDOW, BATCH = 103, 10, 3, 7


def _zarr(tmp_path, data):
    zarr = pytest.importorskip("zarr")
    store = zarr.open_array(tmp_path / "x.zarr", mode="w", shape=data.shape,
                            chunks=(CHUNK,) + data.shape[1:], dtype=data.dtype)
    store[:] = data
    return store


def _hdf5(tmp_path, data):
    h5py = pytest.importorskip("h5py")
    file = h5py.File(tmp_path / "x.h5", "w")
    return file.create_dataset("x", data=data, chunks=(CHUNK,) + data.shape[1:])


def _memmap(tmp_path, data):
    array = np.lib.format.open_memmap(tmp_path / "x.npy", mode="w+", dtype=data.dtype,
                                      shape=data.shape)
    array[:] = data
    array.flush()
    return np.load(tmp_path / "x.npy", mmap_mode="r")


def _dask(tmp_path, data):
    da = pytest.importorskip("dask.array")
    return da.from_array(data, chunks=(CHUNK,) + data.shape[1:])


def _samples():
    return np.arange(N, dtype=np.float32)[:, None] * np.ones((1, 2), np.float32)


class _CountingSource:
    """An array that records the row ranges read from it."""

    def __init__(self, data):
        self.data, self.shape, self.dtype, self.reads = data, data.shape, data.dtype, []

    def __getitem__(self, rows):
        self.reads.append((rows.start, min(rows.stop, len(self.data))))
        return self.data[rows]


@pytest.mark.parametrize("source", [_zarr, _hdf5, _memmap, _dask])
def test_every_sample_once_per_epoch_in_a_chunked_shuffle(tmp_path, source):
    it = ChunkedIterator(source(tmp_path, _samples()), BATCH, repeat=False, window=WINDOW,
                         seed=3, chunk_size=None if source is not _memmap else CHUNK)
    assert it.chunk_size == CHUNK
    order = np.concatenate([batch[:, 0] for batch in it]).astype(int)
    assert sorted(order) == list(range(N))
    assert list(order) != list(range(N))
    # the first window holds WINDOW chunks, in an order that crosses their boundaries
    first_window = order[:WINDOW * CHUNK]
    assert len(set(first_window // CHUNK)) == WINDOW
    assert not np.all(np.diff(first_window) > 0)
    it.finalize()


def test_same_seed_same_order_and_another_seed_another():
    def order(seed):
        it = ChunkedIterator(_samples(), BATCH, chunk_size=CHUNK, window=WINDOW, seed=seed)
        return [it.next()[:, 0].tolist() for _ in range(40)]  # ~3 epochs

    assert order(1) == order(1)
    assert order(1) != order(2)
    flexgrad.set_seed(5)
    unseeded = ChunkedIterator(_samples(), BATCH, chunk_size=CHUNK, seed=None)
    flexgrad.set_seed(5)
    assert ChunkedIterator(_samples(), BATCH, chunk_size=CHUNK).next().tolist() == \
        unseeded.next().tolist()


class _Holder:
    def __init__(self, iterator):
        self.iterator = iterator

    def serialize(self, serializer):
        self.iterator.serialize(serializer["iterator"])


def test_resume_from_a_snapshot_gives_the_same_remaining_batches(tmp_path):
    columns = (_samples(), np.arange(N))
    it = ChunkedIterator(columns, BATCH, chunk_size=CHUNK, window=WINDOW, seed=7)
    for _ in range(9):  # mid-epoch, with a batch prefetched
        it.next()
    save_npz(tmp_path / "it.npz", _Holder(it))
    expected = [it.next() for _ in range(35)]  # past two epoch ends

    resumed = ChunkedIterator(columns, BATCH, chunk_size=CHUNK, window=WINDOW, seed=99)
    load_npz(tmp_path / "it.npz", _Holder(resumed))
    assert (resumed.epoch, resumed.current_position) == (0, 9 * BATCH)
    got = [resumed.next() for _ in range(35)]
    for (x, t), (x_exp, t_exp) in zip(got, expected, strict=True):
        np.testing.assert_array_equal(x, x_exp)
        np.testing.assert_array_equal(t, t_exp)
    assert resumed.epoch == it.epoch


def test_reads_each_chunk_once_per_epoch_and_holds_at_most_the_window():
    source = _CountingSource(_samples())
    it = ChunkedIterator(source, BATCH, chunk_size=CHUNK, window=WINDOW, seed=0)
    while it.epoch < 2:
        it.next()
    it.finalize()
    n_chunks = -(-N // CHUNK)
    # two epochs, plus the first batch of the third's chunks (the last batch wraps round)
    assert n_chunks * 2 <= len(source.reads) <= n_chunks * 2 + 2
    assert max(stop - start for start, stop in source.reads) <= CHUNK
    # a window; only a batch straddling two windows needs chunks of both
    assert WINDOW <= it.peak_chunks_held <= 2 * WINDOW
    quiet = ChunkedIterator(np.arange(120), 10, chunk_size=CHUNK, window=WINDOW, seed=0)
    while quiet.epoch < 2:  # batches that never straddle: at most a window
        quiet.next()
    assert quiet.peak_chunks_held == WINDOW


def test_batches_sent_to_dask_are_split_on_the_sample_axis():
    pytest.importorskip("dask")
    it = ChunkedIterator((_samples(), np.arange(N)), 8, chunk_size=CHUNK, seed=0,
                         device="@dask", dask_chunks=4)
    x, t = it.next()
    assert type(x).__module__.startswith("dask")
    assert x.chunks[0] == (4, 4) and t.chunks[0] == (4, 4)
    it.finalize()
    assert batch_arrays((np.ones(2),), "@numpy")[0].tolist() == [1.0, 1.0]


def test_trains_with_a_standard_updater():
    from flexgrad import functions as F
    from flexgrad import links as L
    from flexgrad import optimizers, training

    x = np.random.default_rng(0).normal(size=(N, 2)).astype(np.float32)
    model = L.Classifier(L.Linear(2, 2), lossfun=F.softmax_cross_entropy)
    optimizer = optimizers.SGD(0.1)
    optimizer.setup(model)
    it = ChunkedIterator((x, (x[:, 0] > 0).astype(np.int32)), 16, chunk_size=CHUNK, seed=0)
    updater = training.updaters.StandardUpdater(it, optimizer, converter=batch_arrays)
    for _ in range(7):
        updater.update()
    assert updater.epoch == 1


def test_bad_arguments_are_named():
    with pytest.raises(InvalidValueError, match="arrays\\[1\\].*103 samples"):
        ChunkedIterator((_samples(), np.arange(5)), 4)
    with pytest.raises(InvalidTypeError, match="ChunkedIterator.*'arrays\\[0\\]'"):
        ChunkedIterator(3, 4)
    with pytest.raises(InvalidValueError, match="'window' expected an int >= 1"):
        ChunkedIterator(_samples(), 4, window=0)


def test_without_shuffle_batches_follow_the_stored_order_across_epochs():
    it = ChunkedIterator(np.arange(10), 4, shuffle=False, chunk_size=3, window=1)
    batches = [it.next().tolist() for _ in range(3)]
    assert batches == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 0, 1]]
    assert it.epoch == 1 and it.is_new_epoch
    assert it.peak_chunks_held <= 3  # the wrapping batch reads chunks 2, 3 and 0
