"""Dask: chunked, lazy arrays; larger than memory, and on a cluster when one is running."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

import array_api_compat.dask.array as da_xp
import dask
import dask.array as da
import numpy

from ._base import Backend
from ._dask_writes import warn_if_writes_pile_up
from ._dask_xp import DASK_ARRAY_FOR_SCRIPTS
from ._device import Device
from ._random import Generator
from .numpy import BACKEND as NUMPY

_ONE_CHUNK_BYTES = 128 * 2**20  # what materialize keeps (or makes) a single chunk


class DaskGenerator(Generator):
    """Draws lazily, chunk by chunk, from Dask's seeded generator."""

    def __init__(self, seed: int | None) -> None:
        self._use(numpy.random.SeedSequence(seed))

    def _use(self, seeds: numpy.random.SeedSequence) -> None:
        self._seeds = seeds
        self._rng = da.random.default_rng(numpy.random.PCG64(seeds))

    def uniform(self, low, high, shape, dtype):
        return self._rng.uniform(low, high, shape).astype(dtype)

    # Draws laid out as the array they apply to (a dropout mask): each chunk is drawn where
    # that chunk of the array is, not in chunks='auto' that an elementwise op must split.
    def uniform_like(self, low, high, like):
        return self._rng.uniform(low, high, like.shape, chunks=like.chunks).astype(like.dtype)

    def normal(self, loc, scale, shape, dtype):
        return self._rng.normal(loc, scale, shape).astype(dtype)

    def integers(self, low, high, shape, dtype):
        return self._rng.integers(low, high, shape).astype(dtype)

    # Dask seeds each chunk from a child of the generator's SeedSequence: the state is the
    # sequence's entropy and how many children it has spawned.
    def get_state(self) -> numpy.ndarray | None:
        seeds = self._seeds
        if seeds.spawn_key or not isinstance(seeds.entropy, int) or seeds.entropy >> 128:
            return None
        high, low = seeds.entropy >> 64, seeds.entropy & ((1 << 64) - 1)
        return numpy.array([seeds.n_children_spawned, high, low], numpy.uint64)

    def state_error(self, state: numpy.ndarray) -> str | None:
        if state.shape != (3,) or state.dtype != numpy.uint64:
            return (f"expected 3 uint64 words (children spawned, entropy), got {state.dtype} "
                    f"array of shape {state.shape}")
        return None

    def _restore(self, state: numpy.ndarray) -> None:
        spawned, high, low = (int(word) for word in state)
        self._use(numpy.random.SeedSequence((high << 64) | low, n_children_spawned=spawned))


class DaskBackend(Backend):
    name = "dask"
    is_lazy = True
    native_module = DASK_ARRAY_FOR_SCRIPTS

    def __init__(self) -> None:
        super().__init__(da_xp, da.Array)
        self._device = Device(self)

    @property
    def module_name(self) -> str:
        return "dask"

    def device_of(self, array: Any) -> Device:
        return self._device

    def default_device(self) -> Device:
        return self._device

    def to_numpy(self, array: Any) -> numpy.ndarray:
        return numpy.asarray(array.compute())

    # A fresh name for every array sent, not one hashed from its contents: hashing reads the
    # whole array, and on a cluster a key that once failed (a parameter chunk lost with its
    # worker) stays failed, so a snapshot's values reloaded under their old name would too.
    def from_numpy(self, array: numpy.ndarray, device: Device | None = None) -> Any:
        return da.from_array(numpy.asarray(array), chunks="auto", name=False)

    # ``rows``-sample chunks; with a distributed client each chunk goes to a worker once
    # (``scatter``) instead of riding in the task graph.
    def from_numpy_rows(self, array: numpy.ndarray, rows: int, client: Any = None) -> Any:
        chunks = (rows, *array.shape[1:])
        if client is None:
            return da.from_array(array, chunks=chunks)
        pieces = [array[start:start + rows] for start in range(0, array.shape[0], rows)]
        futures = client.scatter(pieces)
        return da.concatenate([da.from_delayed(f, shape=p.shape, dtype=p.dtype, meta=p[:0])
                               for f, p in zip(futures, pieces, strict=True)])

    # persist computes the chunks once and keeps them, so the graph stops growing here.
    # An array small enough for one chunk becomes one: an update mixing differently
    # chunked operands (x^T g in a backward) otherwise splits parameters finer every step.
    def materialize(self, arrays: Sequence[Any]) -> list[Any]:
        warn_if_writes_pile_up(arrays)
        whole = [a.rechunk(a.shape) if a.nbytes <= _ONE_CHUNK_BYTES and a.npartitions > 1
                 else a for a in arrays]
        return list(dask.persist(*whole))

    # Dask cannot reshape when an axis is split across chunks unevenly: first make every
    # axis but the leading one whole (keeps the batch chunking), then, if need be, all.
    def reshape(self, array: Any, shape: tuple[int, ...]) -> Any:
        try:
            return da_xp.reshape(array, shape)
        except NotImplementedError:
            pass
        trailing_whole = array.rechunk({axis: -1 for axis in range(1, array.ndim)})
        try:
            return da_xp.reshape(trailing_whole, shape)
        except NotImplementedError:
            return da_xp.reshape(array.rechunk(-1), shape)

    # Dask names an array by its contents, and its take builds an offsets array the same
    # way: an index equal to those offsets ([0] over one chunk) takes their place in the
    # graph and the whole axis comes back. A no-op gives the index a name of its own.
    def take(self, array: Any, indices: Any, axis: int) -> Any:
        return da_xp.take(array, indices + 0, axis=axis)

    # A join keeps every input's chunks: a batch joined from 64 sentences would be 64
    # chunks and every op after it 64 tasks. Those axes become whole where the array fits
    # one chunk (what materialize keeps), else Dask's own target chunk size decides.
    def coalesce(self, array: Any, *axes: int) -> Any:
        split = [axis for axis in axes if len(array.chunks[axis]) > 1]
        if not split:
            return array
        size = -1 if array.nbytes <= _ONE_CHUNK_BYTES else "auto"
        return array.rechunk(dict.fromkeys(split, size))

    # dask's own elementwise fmod is exact, as NumPy's.
    def fmod(self, x: Any, divisor: Any) -> Any:
        return da.fmod(x, divisor)

    # Dask cannot take a diagonal (a letter repeated in one operand) across unequal
    # chunks of its axes: those axes are made whole first.
    def einsum(self, subscripts: str, *operands: Any) -> Any:
        subs = subscripts.partition("->")[0].split(",")
        whole = [{i: -1 for i, c in enumerate(sub) if sub.count(c) > 1} for sub in subs]
        operands = tuple(x.rechunk(w) if w else x
                         for x, w in zip(operands, whole, strict=True))
        return da.einsum(subscripts, *operands)

    # Chunk by chunk with the NumPy backend's (SciPy when installed): one task per chunk.
    def special(self, name: str, x: Any, n: int = 0) -> Any:
        numpy_special = functools.partial(_numpy_special, name, n=n)
        return x.map_blocks(numpy_special, dtype=x.dtype, meta=x._meta)

    def zeta(self, s: Any, q: Any) -> Any:
        if not isinstance(s, da.Array):
            return q.map_blocks(functools.partial(NUMPY.zeta, s), dtype=q.dtype,
                                meta=q._meta)
        s, q = da.broadcast_arrays(s, q)
        return da.map_blocks(NUMPY.zeta, s.rechunk(q.chunks), q, dtype=q.dtype, meta=q._meta)

    # Dask's own linalg wants square chunks and has no det: NumPy's on whole matrices, one
    # task per chunk of the leading axes.
    def linalg(self, name: str, a: Any) -> Any:
        a = a.rechunk({a.ndim - 2: -1, a.ndim - 1: -1})
        function = getattr(numpy.linalg, name)
        if name == "det":
            return a.map_blocks(function, drop_axis=[a.ndim - 2, a.ndim - 1], dtype=a.dtype,
                                meta=a._meta)
        return a.map_blocks(function, dtype=a.dtype, meta=a._meta)

    # Dask transforms only along a whole axis.
    def fft(self, real: Any, imag: Any, inverse: bool = False) -> tuple[Any, Any]:
        whole = {real.ndim - 1: -1}
        return super().fft(real.rechunk(whole), imag.rechunk(whole), inverse)

    # The standard-only one-hot product costs (indices x rows) memory. Here each chunk of
    # the indices adds its values into a table of its own (numpy.add.at), where that chunk
    # lives, and Dask's tree reduction sums the tables: no task gathers every chunk.
    def scatter_add(self, target: Any, indices: Any, values: Any) -> Any:
        flat_idx = da.asarray(indices).reshape(-1)
        row = tuple(target.shape[1:])
        flat_val = self.reshape(da.asarray(values), (flat_idx.shape[0], *row))
        flat_val = flat_val.rechunk((flat_idx.chunks[0], *((n,) for n in row)))
        add_chunk = dask.delayed(_numpy_scatter_table, pure=True)
        tables = [da.from_delayed(add_chunk(i, v, target.shape, target.dtype),
                                  shape=target.shape, dtype=target.dtype, meta=target._meta)
                  for i, v in zip(flat_idx.to_delayed().ravel(),
                                  flat_val.to_delayed().ravel(), strict=True)]
        return target + da.stack(tables).sum(axis=0)

    # One task per batch chunk running NumPy's strided windows: the standard-only path
    # makes tasks per slice and chunk, seconds of scheduling for even a tiny convolution.
    def sliding_window(self, x, ksize, stride, pad, dilate, outsize, pad_value=0.0):
        x = x.rechunk({axis: -1 for axis in range(1, x.ndim)})
        windows = functools.partial(NUMPY.sliding_window, ksize=ksize, stride=stride, pad=pad,
                                    dilate=dilate, outsize=outsize, pad_value=pad_value)
        chunks = (*x.chunks[:2], *((k,) for k in ksize), *((o,) for o in outsize))
        return x.map_blocks(windows, chunks=chunks, new_axis=list(range(2, 2 + len(ksize))),
                            dtype=x.dtype, meta=x._meta)

    # Likewise one NumPy fold (in-place strided adds) per batch chunk.
    def fold_windows(self, cols, stride, pad, dilate, size):
        cols = cols.rechunk({axis: -1 for axis in range(1, cols.ndim)})
        fold = functools.partial(NUMPY.fold_windows, stride=stride, pad=pad, dilate=dilate,
                                 size=size)
        chunks = (*cols.chunks[:2], *((n,) for n in size))
        return cols.map_blocks(fold, chunks=chunks, drop_axis=list(range(2, 2 + len(size))),
                               dtype=cols.dtype, meta=cols._meta)

    def generator(self, seed: int | None = None, device: Device | None = None) -> Generator:
        return DaskGenerator(seed)


def _numpy_scatter_table(indices: numpy.ndarray, values: numpy.ndarray,
                         shape: tuple[int, ...], dtype: Any) -> numpy.ndarray:
    """A zero table of ``shape`` with ``values`` added at ``indices``."""
    out = numpy.zeros(shape, dtype)
    numpy.add.at(out, indices, values)
    return out


def _numpy_special(name: str, block: numpy.ndarray, n: int = 0) -> numpy.ndarray:
    from .numpy import BACKEND as NUMPY

    return numpy.asarray(NUMPY.special(name, block, n), dtype=block.dtype)


BACKEND = DaskBackend()
ARRAY_TYPES = (da.Array,)
