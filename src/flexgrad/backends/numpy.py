"""NumPy: the CPU reference backend."""

from __future__ import annotations

from typing import Any

import array_api_compat.numpy as np_xp
import numpy

from ._base import Backend
from ._device import Device


class NumpyBackend(Backend):
    name = "numpy"

    def __init__(self) -> None:
        super().__init__(np_xp, numpy.ndarray)
        self._device = Device(self)

    @property
    def module_name(self) -> str:
        return "numpy"

    def device_of(self, array: Any) -> Device:
        return self._device

    def default_device(self) -> Device:
        return self._device

    # NumPy reductions return scalars (numpy.float32), not 0-d arrays.
    def as_array(self, obj: Any, dtype: Any = None) -> Any:
        return numpy.asarray(obj, dtype=dtype)

    def to_numpy(self, array: Any) -> numpy.ndarray:
        return numpy.asarray(array)

    def from_numpy(self, array: numpy.ndarray, device: Device | None = None) -> Any:
        return numpy.asarray(array)

    # numpy.add.at scatters in place with repeated indices adding up; no one-hot needed.
    def scatter_add(self, target: Any, indices: Any, values: Any) -> Any:
        out = target.copy()
        numpy.add.at(out, indices, values)
        return out

    def take_along_axis(self, array: Any, indices: Any, axis: int) -> Any:
        return numpy.take_along_axis(array, indices, axis=axis)


BACKEND = NumpyBackend()
ARRAY_TYPES = (numpy.ndarray, *set(numpy.sctypeDict.values()))
