"""Chainer's ``Iterator`` protocol: what updaters and evaluators expect of an iterator."""

from __future__ import annotations

from typing import Any


class Iterator:
    """Base of dataset iterators: ``next()`` gives a batch (a list of examples).

    Subclasses give ``epoch``, ``epoch_detail``, ``previous_epoch_detail``,
    ``is_new_epoch`` and ``serialize``; ``finalize`` frees what they hold (threads).
    """

    def __iter__(self) -> Iterator:
        return self

    def __next__(self) -> list[Any]:
        raise NotImplementedError

    def next(self) -> list[Any]:
        """The next batch (Chainer's Python 2 name)."""
        return self.__next__()

    def finalize(self) -> None:
        """Release what the iterator holds; a no-op unless it uses workers."""

    def __enter__(self) -> Iterator:
        return self

    def __exit__(self, exc_type: Any, exc_value: Any, traceback: Any) -> None:
        self.finalize()

    def serialize(self, serializer: Any) -> None:
        """Save or load the iteration state."""
