"""Chainer's ``MultiprocessIterator`` name, carried by threads (see the class docstring)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..dataset._check import expect_int
from .multithread_iterator import MultithreadIterator


class MultiprocessIterator(MultithreadIterator):
    """Chainer's name, so scripts port unchanged; implemented on threads, not processes.

    Batches, epochs and ``serialize`` are SerialIterator's. ``n_processes`` worker threads
    read the examples: fine when reading waits on I/O or on code that releases the GIL
    (NumPy, decoding), but Python-heavy preprocessing does not run in parallel. Chainer's
    shared-memory and prefetch options (``n_prefetch``, ``shared_mem``, ``dataset_timeout``,
    ``maxtasksperchild``) are accepted and ignored.
    """

    _where = "flexgrad.iterators.MultiprocessIterator"

    def __init__(self, dataset: Any, batch_size: int, repeat: bool = True,
                 shuffle: bool | None = None, n_processes: int | None = None,
                 n_prefetch: int = 1, shared_mem: int | None = None,
                 order_sampler: Callable[[Any, int], Any] | None = None,
                 dataset_timeout: float = 30.0,
                 maxtasksperchild: int | None = None) -> None:
        expect_int(self._where, "n_prefetch", n_prefetch, minimum=1)
        self.n_processes = n_processes
        super().__init__(dataset, batch_size, repeat, shuffle, n_processes, order_sampler)
