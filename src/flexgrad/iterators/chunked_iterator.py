"""Batches from arrays larger than memory (Zarr, HDF5, memmaps, Dask), a few chunks at a time.

Reading a chunked store one sample at a time reads each chunk once per sample; reading it
in a fully random order does the same. ``ChunkedIterator`` shuffles at two levels instead:
a random order of the chunks, then a random order of the samples inside a window of a few
consecutive chunks of that order. Each chunk is then read once per epoch, only the window
is held in memory, and every sample is still visited exactly once per epoch.
"""

from __future__ import annotations

from collections import OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import numpy

from .. import backends
from ..dataset._check import expect_int, fail
from ..dataset._random import permutation
from .order_samplers import ShuffleOrderSampler
from .serial_iterator import SerialIterator

_DEFAULT_CHUNK_BYTES = 16 * 2**20  # rows per chunk for a source without chunks of its own


class ChunkedOrderSampler(ShuffleOrderSampler):
    """Each epoch's order: a permutation of the chunks, then of the samples within each
    window of ``window`` consecutive chunks of it. ``random_state``: as ShuffleOrderSampler's
    (None: seeded from ``flexgrad.set_seed``'s generator; an int seeds it)."""

    def __init__(self, chunk_size: int, window: int, random_state: Any = None) -> None:
        super().__init__(random_state)
        self.chunk_size = chunk_size
        self.window = window

    def __call__(self, current_order: Any, current_position: int) -> Any:
        n, size = len(current_order), self.chunk_size
        generator = self._random
        chunk_order = permutation(-(-n // size), generator)
        parts = []
        for start in range(0, len(chunk_order), self.window):
            rows = numpy.concatenate([numpy.arange(c * size, min((c + 1) * size, n))
                                      for c in chunk_order[start:start + self.window]])
            parts.append(rows[permutation(len(rows), generator)])
        return numpy.concatenate(parts)


class _Columns:
    """The source arrays, one per column, seen as a dataset of ``len`` samples."""

    def __init__(self, arrays: tuple[Any, ...]) -> None:
        self.arrays = arrays

    def __len__(self) -> int:
        return int(self.arrays[0].shape[0])


class ChunkedIterator(SerialIterator):
    """Mini-batches from arrays read lazily, chunk by chunk, with the next batch read on a
    thread while the current one trains.

    Args:
        arrays: one array or a tuple of equally long arrays (columns, as TupleDataset's):
            anything sliced on axis 0 into NumPy or an Array API array, e.g. a
            ``zarr.Array``, an ``h5py.Dataset``, a ``numpy.memmap`` or a ``dask.array``.
        batch_size: samples per batch.
        repeat, shuffle: as SerialIterator's.
        chunk_size: samples per chunk read at once; by default the first array's own chunk
            length on axis 0 (Dask, Zarr, HDF5), else about 16 MiB of rows.
        window: chunks shuffled together, and held in memory, at a time (a batch that
            straddles two windows holds the chunks of both it needs, at most two windows).
        seed: the shuffle's seed; None draws one from ``flexgrad.set_seed``'s generator.
        device: where batches go (``'@numpy'`` by default, ``'@cupy:0'``, ``'@torch'``...);
            ``'@dask'`` gives Dask arrays split on axis 0 into ``dask_chunks`` samples each,
            for data-parallel steps, their chunks sent to the workers of a running
            cluster (``flexgrad.distributed.to_cluster``).
        dask_chunks: samples per Dask chunk of a batch (default: one chunk).

    ``next()`` returns the batch: an array, or a tuple of arrays for several columns
    (updaters take it with ``converter=flexgrad.iterators.batch_arrays``). ``serialize``
    saves position, epoch, order and the generator, so a resumed run sees the same batches.

    >>> import numpy as np
    >>> it = ChunkedIterator(np.arange(10), 4, chunk_size=3, seed=0, repeat=False)
    >>> sorted(int(v) for batch in it for v in batch)
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
    """

    _where = "flexgrad.iterators.ChunkedIterator"

    def __init__(self, arrays: Any, batch_size: int, repeat: bool = True,
                 shuffle: bool = True, chunk_size: int | None = None, window: int = 4,
                 seed: int | None = None, device: Any = None,
                 dask_chunks: int | None = None) -> None:
        columns = _as_columns(self._where, arrays)
        self._single = not isinstance(arrays, (tuple, list))
        if chunk_size is None:
            chunk_size = _native_chunk_length(columns.arrays[0])
        self.chunk_size = expect_int(self._where, "chunk_size", chunk_size, minimum=1)
        self.window = expect_int(self._where, "window", window, minimum=1)
        self.device = None if device is None else backends.get_device(device)
        self.dask_chunks = (None if dask_chunks is None else
                            expect_int(self._where, "dask_chunks", dask_chunks, minimum=1))
        self._chunks: OrderedDict[int, tuple[Any, ...]] = OrderedDict()
        self.peak_chunks_held = 0
        self._prefetch: tuple[list[int], Future] | None = None
        self._pool: ThreadPoolExecutor | None = None
        sampler = ChunkedOrderSampler(self.chunk_size, self.window, seed) if shuffle else None
        super().__init__(columns, batch_size, repeat, shuffle=None if shuffle else False,
                         order_sampler=sampler)

    def _fetch(self, indices: list[int]) -> Any:
        pending, self._prefetch = self._prefetch, None
        batch = None
        if pending is not None:
            batch = pending[1].result()
            if pending[0] != indices:
                batch = None
        if batch is None:
            batch = self._read_batch(indices)
        self._prefetch_next()
        return batch

    def _prefetch_next(self) -> None:
        """Start reading the next batch unless it crosses into another epoch (its order is
        drawn only when the iterator gets there, so the generator's state stays exact)."""
        position, epoch, _, order = self._state
        n = self._epoch_size
        if position + self.batch_size >= n or (not self.repeat and epoch > 0):
            return
        stop = position + self.batch_size
        indices = (list(range(position, stop)) if order is None
                   else [int(k) for k in order[position:stop]])
        if self._pool is None:
            self._pool = ThreadPoolExecutor(1, thread_name_prefix="flexgrad-chunked")
        self._prefetch = (indices, self._pool.submit(self._read_batch, indices))

    def _read_batch(self, indices: list[int]) -> Any:
        index = numpy.asarray(indices, dtype=numpy.int64)
        chunk_of = index // self.chunk_size
        needed = [int(c) for c in numpy.unique(chunk_of)]
        self._hold(needed)
        columns = []
        for column, source in enumerate(self.dataset.arrays):
            out = numpy.empty((len(index), *source.shape[1:]), dtype=source.dtype)
            for c in needed:
                rows = chunk_of == c
                out[rows] = self._chunks[c][column][index[rows] - c * self.chunk_size]
            columns.append(self._place(out))
        return columns[0] if self._single else tuple(columns)

    def _hold(self, needed: list[int]) -> None:
        """Drop the least recently used chunks this batch does not need, down to ``window``
        chunks in all (more only while one batch straddles two windows), then read the
        missing ones."""
        wanted = set(needed)
        keep = max(self.window, len(needed))
        missing = len(wanted - self._chunks.keys())
        for c in list(self._chunks):
            if len(self._chunks) + missing <= keep:
                break
            if c not in wanted:
                del self._chunks[c]
        for c in needed:
            if c in self._chunks:
                self._chunks.move_to_end(c)
            else:
                self._chunks[c] = self._read_chunk(c)
        self.peak_chunks_held = max(self.peak_chunks_held, len(self._chunks))

    def _read_chunk(self, c: int) -> tuple[Any, ...]:
        start, stop = c * self.chunk_size, (c + 1) * self.chunk_size
        return tuple(_to_host(source[start:stop]) for source in self.dataset.arrays)

    def _place(self, batch: Any) -> Any:
        if self.device is None:
            return batch
        if self.device.backend.is_lazy:
            from ..distributed import to_cluster

            return to_cluster(batch, self.dask_chunks or max(1, batch.shape[0]))
        return self.device.send(batch)

    def reset(self) -> None:
        self._drop_prefetch()
        super().reset()

    def serialize(self, serializer: Any) -> None:
        self._drop_prefetch()
        super().serialize(serializer)

    def _drop_prefetch(self) -> None:
        pending = getattr(self, "_prefetch", None)
        if pending is not None:
            pending[1].result()
            self._prefetch = None

    def finalize(self) -> None:
        """Stop the prefetching thread and drop the chunks held."""
        self._drop_prefetch()
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None
        self._chunks.clear()


def batch_arrays(batch: Any, device: Any = None) -> Any:
    """An updater's converter for ChunkedIterator: its batch (an array or a tuple of them),
    each sent to ``device`` when one is given."""
    from ..dataset.convert import to_device

    if isinstance(batch, tuple):
        return tuple(to_device(device, array) for array in batch)
    return to_device(device, batch)


def _as_columns(where: str, arrays: Any) -> _Columns:
    columns = tuple(arrays) if isinstance(arrays, (tuple, list)) else (arrays,)
    if not columns:
        fail(where, "arrays", "an array or a non-empty tuple of arrays", "()")
    for i, array in enumerate(columns):
        shape = getattr(array, "shape", None)
        if not shape or not hasattr(array, "__getitem__"):
            fail(where, f"arrays[{i}]", "an array with a leading sample axis (Zarr, HDF5, "
                 "memmap, Dask, NumPy...)", repr(type(array).__name__), kind="type")
        if shape[0] != columns[0].shape[0]:
            fail(where, f"arrays[{i}]", f"{columns[0].shape[0]} samples (as arrays[0])",
                 f"{shape[0]} samples")
    return _Columns(columns)


def _native_chunk_length(array: Any) -> int:
    """The array's own chunk length on axis 0 (Dask's chunks are per-block tuples)."""
    chunks = getattr(array, "chunks", None)
    if chunks:
        first = chunks[0]
        return int(first[0] if isinstance(first, tuple) else first)
    row_bytes = max(1, int(numpy.prod(array.shape[1:])) * numpy.dtype(array.dtype).itemsize)
    return max(1, _DEFAULT_CHUNK_BYTES // row_bytes)


def _to_host(part: Any) -> Any:
    """A slice read from the source as NumPy, in memory: a memmap's is copied (read now,
    not paged in later), a Zarr or HDF5 read is already a fresh array."""
    if isinstance(part, numpy.memmap):
        return numpy.array(part)
    if backends.is_array(part) and not isinstance(part, numpy.ndarray):
        return backends.backend_of(part).to_numpy(part)
    return numpy.asarray(part)
