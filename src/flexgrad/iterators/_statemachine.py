"""The iteration state and its one transition, shared by every iterator (Chainer's)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from ..errors import InvalidValueError


class IteratorState(NamedTuple):
    """Where an iterator stands: position in the epoch's order, epoch count, the order."""

    current_position: int
    epoch: int
    is_new_epoch: bool
    order: Any  # a 1-d integer array, or None for the dataset's own order


def iterator_statemachine(state: IteratorState, batch_size: int, repeat: bool,
                          order_sampler: Callable[[Any, int], Any] | None,
                          dataset_len: int) -> tuple[IteratorState, list[int] | None]:
    """The next state and the indices of the next batch (None: no more, ``repeat=False``).

    With ``repeat=True`` a batch that runs past the end of an epoch takes the rest from the
    next epoch's order, drawn by ``order_sampler(order, position)`` when the epoch ends.
    """
    i, epoch, _, order = state
    if not repeat and epoch > 0:
        return state, None
    n = dataset_len if order is None else len(order)
    if repeat and n == 0:
        raise InvalidValueError("flexgrad.iterators: argument 'dataset' expected a non-empty "
                                "dataset for an iterator that repeats, got 0 examples")
    i_end = i + batch_size if repeat else min(i + batch_size, n)
    is_new_epoch = False
    indices: list[int] = []
    while i_end >= n:
        indices += _take(order, i, n)
        if order is not None:
            new_order = order_sampler(order, i)
            if len(new_order) != len(order):
                raise InvalidValueError(
                    "flexgrad.iterators: order_sampler returned an order of length "
                    f"{len(new_order)}, expected {len(order)} (that of the previous order)")
            order = new_order
        i = 0
        i_end = i_end - n if repeat else 0
        epoch += 1
        is_new_epoch = True
        if not repeat:
            break
    indices += _take(order, i, i_end)
    return IteratorState(i_end, epoch, is_new_epoch, order), indices


def _take(order: Any, start: int, stop: int) -> list[int]:
    if order is None:
        return list(range(start, stop))
    return [int(k) for k in order[start:stop]]
