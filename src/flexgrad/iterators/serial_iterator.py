"""Chainer's ``SerialIterator``: batches read one example at a time, in the caller's thread."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import backends
from ..dataset._check import dataset_length, expect_int, fail
from ..dataset._indexing import example
from ..dataset.iterator import Iterator
from ..serializers._checks import in_range
from ._statemachine import IteratorState, iterator_statemachine
from .order_samplers import ShuffleOrderSampler


class SerialIterator(Iterator):
    """Visits the examples of ``dataset`` in batches of ``batch_size``, epoch after epoch.

    Args:
        dataset: anything with ``len`` and integer indexing.
        batch_size: examples per batch.
        repeat: loop forever (True) or stop after one epoch (False; the last batch may be
            short, then ``StopIteration``). With ``repeat=True`` the last batch of an
            epoch is filled up from the start of the next epoch's order.
        shuffle: reshuffle every epoch (True), keep the dataset's order (False); None
            means True unless ``order_sampler`` is given.
        order_sampler: ``sampler(order, position)`` giving each epoch's order; not
            together with ``shuffle``.

    ``serialize`` saves the position, epoch and current order, so a resumed run sees the
    same batches as an uninterrupted one.

    >>> it = SerialIterator(list(range(5)), 2, shuffle=False)
    >>> it.next(), it.next(), it.next(), it.epoch, it.is_new_epoch
    ([0, 1], [2, 3], [4, 0], 1, True)
    """

    _where = "flexgrad.iterators.SerialIterator"

    def __init__(self, dataset: Any, batch_size: int, repeat: bool = True,
                 shuffle: bool | None = None,
                 order_sampler: Callable[[Any, int], Any] | None = None) -> None:
        self.dataset = dataset
        self.batch_size = expect_int(self._where, "batch_size", batch_size, minimum=1)
        self._repeat = bool(repeat)
        self._shuffle = shuffle
        if shuffle is not None:
            if order_sampler is not None:
                fail(self._where, "order_sampler",
                     "None when shuffle is given (set shuffle=None to use a custom sampler)",
                     repr(order_sampler))
            if shuffle:
                order_sampler = ShuffleOrderSampler()
        elif order_sampler is None:
            order_sampler = ShuffleOrderSampler()
        self.order_sampler = order_sampler
        self.reset()

    def __next__(self) -> list[Any]:
        self._previous_epoch_detail = self.epoch_detail
        self._state, indices = iterator_statemachine(
            self._state, self.batch_size, self._repeat, self.order_sampler,
            dataset_length(self.dataset))
        if indices is None:
            raise StopIteration
        return self._fetch(indices)

    next = __next__

    def _fetch(self, indices: list[int]) -> list[Any]:
        """The examples at ``indices``; subclasses read them with workers."""
        dataset = self.dataset
        return [example(dataset, index) for index in indices]

    @property
    def current_position(self) -> int:
        return self._state.current_position

    @property
    def epoch(self) -> int:
        return self._state.epoch

    @property
    def is_new_epoch(self) -> bool:
        return self._state.is_new_epoch

    @property
    def epoch_detail(self) -> float:
        """Epochs done, with the fraction of the current one: ``epoch + position / size``."""
        size = self._epoch_size
        return self.epoch + (self.current_position / size if size else 0.0)

    @property
    def previous_epoch_detail(self) -> float | None:
        """``epoch_detail`` before the last ``next()``; None before the first."""
        if self._previous_epoch_detail < 0:
            return None
        return self._previous_epoch_detail

    @property
    def repeat(self) -> bool:
        return self._repeat

    @property
    def _epoch_size(self) -> int:
        order = self._state.order
        return dataset_length(self.dataset) if order is None else len(order)

    def reset(self) -> None:
        """Back to the start of epoch 0, with a fresh order from the sampler."""
        order = None
        if self.order_sampler:
            indices = backends.NUMPY.xp.arange(dataset_length(self.dataset))
            order = self.order_sampler(indices, 0)
        self._state = IteratorState(0, 0, False, order)
        self._previous_epoch_detail = -1.0

    def serialize(self, serializer: Any) -> None:
        """Save or load the position, epoch, order, previous epoch detail (None as -1) and
        the order sampler's generator; a load refuses a state this dataset cannot reach."""
        self._declare_checks(serializer)
        current_position = serializer("current_position", self.current_position)
        epoch = serializer("epoch", self.epoch)
        is_new_epoch = serializer("is_new_epoch", self.is_new_epoch)
        order = self._state.order
        if order is not None:
            order = serializer("order", order)
        if hasattr(self.order_sampler, "serialize"):
            self.order_sampler.serialize(serializer["order_sampler"])
        self._state = IteratorState(int(current_position), int(epoch), bool(is_new_epoch),
                                    order)
        self._previous_epoch_detail = float(
            serializer("previous_epoch_detail", float(self._previous_epoch_detail)))

    def _declare_checks(self, serializer: Any) -> None:
        """What a loaded state must satisfy, checked before anything is assigned."""
        size = self._epoch_size
        serializer.declare_check("current_position", in_range(0, max(size, 1), "a position"))
        serializer.declare_check("epoch", in_range(0, None, "an epoch count"))
        serializer.declare_check("order", in_range(0, dataset_length(self.dataset),
                                                   "dataset indices"))
        serializer.declare_check("previous_epoch_detail", epoch_detail_check)


def epoch_detail_check(array: Any) -> str | None:
    """A loaded previous epoch detail is -1 (none yet) or a finite number >= 0."""
    value = float(array)
    if value == -1.0 or 0.0 <= value < float("inf"):
        return None
    return f"expected -1 (none yet) or a finite epoch detail >= 0, got {value}"
