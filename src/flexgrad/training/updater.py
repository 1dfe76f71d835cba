"""Chainer's ``Updater``: the part of the training loop that makes one step."""

from __future__ import annotations

from typing import Any


class Updater:
    """Base of updaters: ``update()`` makes one step; the trainer reads its counters.

    Subclasses give ``iteration``, ``epoch``, ``epoch_detail``, ``previous_epoch_detail``,
    ``is_new_epoch``, ``get_optimizer``, ``get_all_optimizers`` and ``serialize``.
    """

    def connect_trainer(self, trainer: Any) -> None:
        """Called by the trainer it is given to."""

    def finalize(self) -> None:
        """Release what the updater holds (its iterators' workers)."""

    def get_optimizer(self, name: str) -> Any:
        raise NotImplementedError

    def get_all_optimizers(self) -> dict[str, Any]:
        raise NotImplementedError

    def update(self) -> None:
        raise NotImplementedError

    def serialize(self, serializer: Any) -> None:
        raise NotImplementedError
