"""Chainer's ``MultithreadIterator``: SerialIterator's batches, examples read by threads."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from ..dataset._check import expect_int
from ..dataset._indexing import example
from .serial_iterator import SerialIterator


class MultithreadIterator(SerialIterator):
    """Same batches, epochs and ``serialize`` as SerialIterator; ``dataset[i]`` of one batch
    runs on ``n_threads`` threads (worth it when reading an example waits on I/O).

    Args:
        n_threads: worker threads; None lets ``concurrent.futures`` choose.

    Call ``finalize()`` (or use ``with``) to stop the threads.
    """

    _where = "flexgrad.iterators.MultithreadIterator"

    def __init__(self, dataset: Any, batch_size: int, repeat: bool = True,
                 shuffle: bool | None = None, n_threads: int | None = 1,
                 order_sampler: Callable[[Any, int], Any] | None = None) -> None:
        if n_threads is not None:
            n_threads = expect_int(self._where, "n_threads", n_threads, minimum=1)
        self.n_threads = n_threads
        self._pool: ThreadPoolExecutor | None = None
        super().__init__(dataset, batch_size, repeat, shuffle, order_sampler)

    def _fetch(self, indices: list[int]) -> list[Any]:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(self.n_threads,
                                            thread_name_prefix="flexgrad-iterator")
        dataset = self.dataset
        return list(self._pool.map(lambda index: example(dataset, index), indices))

    def finalize(self) -> None:
        """Stop the worker threads (a later ``next()`` starts new ones)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None
