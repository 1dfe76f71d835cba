"""Seedable random generators that draw arrays on one backend."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy

from ..errors import InvalidValueError

Shape = tuple[int, ...]


class Generator:
    """What functions and initializers draw from: ``uniform``, ``normal``, ``integers``."""

    def uniform(self, low: float, high: float, shape: Shape, dtype: Any) -> Any:
        raise NotImplementedError

    def uniform_like(self, low: float, high: float, like: Any) -> Any:
        """Draws shaped as ``like`` and of its dtype; a chunked library lays them out as
        ``like`` too (a dropout mask made where each chunk of its input is)."""
        return self.uniform(low, high, tuple(like.shape), like.dtype)

    def normal(self, loc: float, scale: float, shape: Shape, dtype: Any) -> Any:
        raise NotImplementedError

    def integers(self, low: int, high: int, shape: Shape, dtype: Any) -> Any:
        raise NotImplementedError

    def get_state(self) -> numpy.ndarray | None:
        """The whole state as a 1-d NumPy array, for snapshots; None if it cannot be saved."""
        return None

    def state_error(self, state: numpy.ndarray) -> str | None:
        """What makes ``state`` unfit for :meth:`set_state`, or None if it fits."""
        return f"expected no state ({type(self).__name__} cannot restore one), got one"

    def set_state(self, state: numpy.ndarray) -> None:
        """Continue from ``state``, as :meth:`get_state` gave it (checked first)."""
        problem = self.state_error(state)
        if problem:
            raise InvalidValueError(f"flexgrad.backends.Generator.set_state: argument "
                                    f"'state' {problem}")
        self._restore(state)

    def _restore(self, state: numpy.ndarray) -> None:
        """Take ``state``, already checked by :meth:`state_error`."""
        raise NotImplementedError

    def serialize(self, serializer: Any) -> None:
        """Save or load the state as ``'state'``, so a resumed run draws what an unstopped
        one would; a file without it (a Chainer snapshot) leaves the generator as it is."""
        from ..serializers._base import Deserializer

        state = self.get_state()
        if state is None:
            return
        if not isinstance(serializer, Deserializer):
            serializer("state", state)
            return
        serializer.declare_check("state", self.state_error)
        loaded = serializer("state", None)
        if loaded is not None:
            self.set_state(loaded)


_WORD = (1 << 64) - 1


def _words(*values: int) -> numpy.ndarray:
    """128-bit integers as pairs of uint64 words, high word first."""
    return numpy.array([w for v in values for w in (v >> 64, v & _WORD)], numpy.uint64)


class NumpyDrawnGenerator(Generator):
    """Draws with NumPy's PCG64 and converts; the same seed gives the same numbers anywhere."""

    def __init__(self, seed: int | None, convert: Callable[[numpy.ndarray], Any]) -> None:
        self._rng = numpy.random.default_rng(seed)
        self._convert = convert

    def _name(self, dtype: Any) -> str:
        try:
            return numpy.dtype(dtype).name
        except TypeError:  # another namespace's dtype object, e.g. array_api_strict.float32
            return str(dtype).rsplit(".", 1)[-1]

    def uniform(self, low: float, high: float, shape: Shape, dtype: Any) -> Any:
        draw = self._rng.uniform(low, high, shape).astype(self._name(dtype))
        return self._convert(draw)

    def normal(self, loc: float, scale: float, shape: Shape, dtype: Any) -> Any:
        draw = self._rng.normal(loc, scale, shape).astype(self._name(dtype))
        return self._convert(draw)

    def integers(self, low: int, high: int, shape: Shape, dtype: Any) -> Any:
        draw = self._rng.integers(low, high, shape).astype(self._name(dtype))
        return self._convert(draw)

    def get_state(self) -> numpy.ndarray:
        """PCG64's state and increment (two words each), then its cached 32 bits."""
        state = self._rng.bit_generator.state
        cached = numpy.array([state["has_uint32"], state["uinteger"]], numpy.uint64)
        return numpy.concatenate([_words(state["state"]["state"], state["state"]["inc"]),
                                  cached])

    def state_error(self, state: numpy.ndarray) -> str | None:
        if state.shape != (6,) or state.dtype != numpy.uint64:
            return (f"expected 6 uint64 words of a PCG64 state, got {state.dtype} array of shape "
                    f"{state.shape}")
        if state[3] % 2 == 0 or state[4] > 1 or state[5] >> 32:
            return ("expected a PCG64 state (odd increment, 0/1 flag, 32-bit cache), got "
                    f"{state.tolist()}")
        return None

    def _restore(self, state: numpy.ndarray) -> None:
        w = [int(word) for word in state]
        self._rng.bit_generator.state = {
            "bit_generator": "PCG64", "has_uint32": w[4], "uinteger": w[5],
            "state": {"state": (w[0] << 64) | w[1], "inc": (w[2] << 64) | w[3]}}
