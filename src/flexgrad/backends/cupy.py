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
    """CuPy's own seeded generator: draws on one GPU, in the dtype asked for (no float64
    draw cast down, no host round trip)."""

    def __init__(self, seed: int | None, index: int) -> None:
        self._device = cupy.cuda.Device(index)
        with self._device:
            self._rng = cupy.random.default_rng(seed)

    def uniform(self, low, high, shape, dtype):
        with self._device:
            u = self._rng.random(shape, dtype=_float(dtype))
            return (u * (high - low) + low).astype(dtype, copy=False)

    def normal(self, loc, scale, shape, dtype):
        with self._device:
            z = self._rng.standard_normal(shape, dtype=_float(dtype))
            return (z * scale + loc).astype(dtype, copy=False)

    def integers(self, low, high, shape, dtype):
        with self._device:
            return self._rng.integers(low, high, shape).astype(dtype)


def _float(dtype: Any) -> Any:
    """float32 or float64 (what CuPy draws); other floats are drawn in float32 and cast."""
    found = numpy.dtype(dtype)
    return found if found in (numpy.float32, numpy.float64) else numpy.float32


class CupyBackend(Backend):
    name = "cupy"
    native_module = cupy

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

    # Peer copy GPU to GPU; array-api-compat's to_device wants a cupy.cuda.Device, not an int.
    def to_device(self, array: Any, device: Device) -> Any:
        with cupy.cuda.Device(device.index or 0):
            return cupy.asarray(array)

    # Every read of a value is a device-to-host sync.
    def reads_are_free(self, array: Any) -> bool:
        return False

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

    def zeta(self, s: Any, q: Any) -> Any:
        import cupyx.scipy.special as special

        return special.zeta(s, q).astype(q.dtype, copy=False)

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
        index = cupy.cuda.Device().id if device is None else device.index or 0
        return CupyGenerator(seed, index)

    # One default generator per GPU: an op drawing on the current GPU gets that GPU's.
    def default_generator(self, device: Device | None = None) -> Generator:
        return super().default_generator(device or self.default_device())


BACKEND = CupyBackend()
ARRAY_TYPES = (cupy.ndarray,)
