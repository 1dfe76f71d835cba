"""CuPy: NVIDIA GPUs. Imported only when a CuPy array or an ``'@cupy:N'`` spec appears."""

from __future__ import annotations

from typing import Any

import array_api_compat.cupy as cp_xp
import cupy
import cupyx
import numpy

from . import _strided
from ._base import Backend
from ._device import Device
from ._random import Generator
from .numpy import _along_axis_index


class CupyGenerator(Generator):
    """CuPy's own seeded generator, drawing on the current device."""

    def __init__(self, seed: int | None) -> None:
        self._rng = cupy.random.default_rng(seed)

    def uniform(self, low, high, shape, dtype):
        return self._rng.uniform(low, high, shape).astype(dtype)

    def normal(self, loc, scale, shape, dtype):
        return (self._rng.standard_normal(shape) * scale + loc).astype(dtype)

    def integers(self, low, high, shape, dtype):
        return self._rng.integers(low, high, shape).astype(dtype)


class CupyBackend(Backend):
    name = "cupy"

    def __init__(self) -> None:
        super().__init__(cp_xp, cupy.ndarray)

    @property
    def module_name(self) -> str:
        return "cupy"

    def spec(self, index: int | None) -> str:
        return f"@cupy:{0 if index is None else index}"

    def device_of(self, array: Any) -> Device:
        return Device(self, array.device.id)

    def default_device(self) -> Device:
        return Device(self, cupy.cuda.Device().id)

    def use_device(self, device: Device) -> None:
        cupy.cuda.Device(device.index or 0).use()

    def to_numpy(self, array: Any) -> numpy.ndarray:
        return cupy.asnumpy(array)

    def from_numpy(self, array: numpy.ndarray, device: Device | None = None) -> Any:
        with cupy.cuda.Device(0 if device is None else device.index or 0):
            return cupy.asarray(array)

    # cupy.fmod is exact and one kernel; the standard-only path takes three.
    def fmod(self, x: Any, divisor: Any) -> Any:
        return cupy.fmod(x, divisor)

    def einsum(self, subscripts: str, *operands: Any) -> Any:
        return cupy.einsum(subscripts, *operands)

    # cupyx.scipy.special has one elementwise kernel for each.
    def special(self, name: str, x: Any, n: int = 0) -> Any:
        import cupyx.scipy.special as special

        if name == "polygamma":
            y = special.digamma(x) if n == 0 else special.polygamma(n, x)
        else:
            y = getattr(special, "gammaln" if name == "lgamma" else name)(x)
        return y.astype(x.dtype, copy=False)  # polygamma may compute in float64

    # cupyx.scatter_add is an atomic-add kernel: no one-hot matrix on the GPU.
    def scatter_add(self, target: Any, indices: Any, values: Any) -> Any:
        out = target.copy()
        cupyx.scatter_add(out, indices, values)
        return out

    def take_along_axis(self, array: Any, indices: Any, axis: int) -> Any:
        return cupy.take_along_axis(array, indices, axis=axis)

    # In place with cupyx.scatter_add (atomic adds): no one-hot array and no copy.
    def add_along_axis(self, array: Any, indices: Any, values: Any, axis: int) -> Any:
        cupyx.scatter_add(array, _along_axis_index(cupy, indices, axis), values)
        return array

    # Windows as a strided view: no copy until a matrix product reads them.
    def sliding_window(self, x, ksize, stride, pad, dilate, outsize, pad_value=0.0):
        return _strided.sliding_window(cupy, cupy.lib.stride_tricks.as_strided, x, ksize,
                                       stride, pad, dilate, outsize, pad_value)

    # One in-place strided add (one kernel launch) per kernel offset instead of padded copies.
    def fold_windows(self, cols, stride, pad, dilate, size):
        return _strided.fold_windows(cupy, cols, stride, pad, dilate, size)

    def generator(self, seed: int | None = None, device: Device | None = None) -> Generator:
        return CupyGenerator(seed)


BACKEND = CupyBackend()
ARRAY_TYPES = (cupy.ndarray,)
