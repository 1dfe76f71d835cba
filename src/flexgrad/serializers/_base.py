"""The serializer protocol, Chainer's, adapted to immutable arrays.

``serializer[name]`` is the serializer of a child; ``value = serializer(key, value)`` saves
``value`` (a saver returns it unchanged) or loads into it (a loader returns the loaded
array on the backend and device of ``value``; a NumPy array when ``value`` is None).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class AbstractSerializer:
    """Base of serializers and deserializers: child access and the per-key call."""

    def __getitem__(self, key: str) -> AbstractSerializer:
        raise NotImplementedError

    def __call__(self, key: str, value: Any) -> Any:
        raise NotImplementedError

    def declare_lazy(self, key: str, dtype: Any, shape: tuple[int | None, ...] | None) -> None:
        """Say what the uninitialized parameter ``key`` may load, before ``self(key, None)``:
        a real floating array, cast to ``dtype``, whose shape fits ``shape`` (None marks a
        size not known yet; a None ``shape``, any). Savers have nothing to check."""

    def declare_check(self, key: str, check: Callable[[Any], str | None]) -> None:
        """Say how to validate what ``key`` loads, so a bad value fails the checking pass:
        ``check(numpy_array)`` returns None, or what is wrong (the error adds file and key).
        Savers have nothing to check."""


class Serializer(AbstractSerializer):
    """A serializer that saves what it is given."""

    def save(self, obj: Any) -> None:
        """Save everything ``obj.serialize`` hands over."""
        obj.serialize(self)


class Deserializer(AbstractSerializer):
    """A serializer that loads into what it is given."""

    def load(self, obj: Any) -> None:
        """Load into ``obj`` through ``obj.serialize``."""
        obj.serialize(self)
