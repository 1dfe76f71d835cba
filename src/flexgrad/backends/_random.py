"""Seedable random generators that draw arrays on one backend."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy

Shape = tuple[int, ...]


class Generator:
    """What functions and initializers draw from: ``uniform``, ``normal``, ``integers``."""

    def uniform(self, low: float, high: float, shape: Shape, dtype: Any) -> Any:
        raise NotImplementedError

    def normal(self, loc: float, scale: float, shape: Shape, dtype: Any) -> Any:
        raise NotImplementedError

    def integers(self, low: int, high: int, shape: Shape, dtype: Any) -> Any:
        raise NotImplementedError


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
