"""NumPy: the CPU reference backend."""

from __future__ import annotations

import functools
from typing import Any

import array_api_compat.numpy as np_xp
import numpy

from . import _strided
from ._base import Backend
from ._device import Device


class NumpyBackend(Backend):
    name = "numpy"
    native_module = numpy

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

    def device_arg(self, array: Any) -> Any:
        return None  # one device: skip array_api_compat.device, ~0.4 us per creation

    # NumPy reductions return scalars (numpy.float32), not 0-d arrays.
    def as_array(self, obj: Any, dtype: Any = None) -> Any:
        return numpy.asarray(obj, dtype=dtype)

    def to_numpy(self, array: Any) -> numpy.ndarray:
        return numpy.asarray(array)

    def from_numpy(self, array: numpy.ndarray, device: Device | None = None) -> Any:
        return numpy.asarray(array)

    # numpy.fmod is exact; the standard-only path rounds the sign correction it applies.
    def fmod(self, x: Any, divisor: Any) -> Any:
        return numpy.fmod(x, divisor)

    def einsum(self, subscripts: str, *operands: Any) -> Any:
        return numpy.einsum(subscripts, *operands, optimize=len(operands) > 2)

    # SciPy, when installed, is faster and covers the far tails; it is not a dependency.
    def special(self, name: str, x: Any, n: int = 0) -> Any:
        scipy_special = _scipy_special()
        if scipy_special is None:
            return super().special(name, x, n)
        if name == "polygamma":
            y = scipy_special.digamma(x) if n == 0 else scipy_special.polygamma(n, x)
        else:
            y = getattr(scipy_special, "gammaln" if name == "lgamma" else name)(x)
        return numpy.asarray(y, dtype=x.dtype)  # scipy's polygamma returns float64

    def zeta(self, s: Any, q: Any) -> Any:
        scipy_special = _scipy_special()
        if scipy_special is None:
            return super().zeta(s, q)
        return numpy.asarray(scipy_special.zeta(s, q), dtype=q.dtype)

    # numpy.add.at scatters in place with repeated indices adding up; no one-hot needed.
    def scatter_add(self, target: Any, indices: Any, values: Any) -> Any:
        out = target.copy()
        numpy.add.at(out, indices, values)
        return out

    def take_along_axis(self, array: Any, indices: Any, axis: int) -> Any:
        return numpy.take_along_axis(array, indices, axis=axis)

    # In place with numpy.add.at: no one-hot array, and no copy (a fresh copy of a large
    # array costs its page faults: 4x the add for softmax_cross_entropy's gradient).
    def add_along_axis(self, array: Any, indices: Any, values: Any, axis: int) -> Any:
        if not array.flags.writeable:
            array = array.copy()
        numpy.add.at(array, _along_axis_index(numpy, indices, axis), values)
        return array

    # Windows as a strided view: no copy until a matrix product reads them.
    def sliding_window(self, x, ksize, stride, pad, dilate, outsize, pad_value=0.0):
        return _strided.sliding_window(numpy, _read_only_view, x, ksize, stride, pad, dilate,
                                       outsize, pad_value)

    # An elementwise maximum per kernel offset over the strided view: NumPy's max (and
    # argmax) along a short axis of windows crawls.
    def window_max(self, x, ksize, stride, pad, outsize):
        cols = self.sliding_window(x, ksize, stride, pad, (1,) * len(ksize), outsize,
                                   -float("inf"))
        return _strided.window_max(numpy, cols)

    # One in-place strided add per kernel offset, of the values whose slot it is: no
    # one-hot windows array.
    def spread_windows(self, values, indexes, ksize, stride, pad, size):
        return _strided.spread_windows(numpy, values, indexes, ksize, stride, pad, size)

    # One in-place strided add per kernel offset instead of padded copies.
    def fold_windows(self, cols, stride, pad, dilate, size):
        return _strided.fold_windows(numpy, cols, stride, pad, dilate, size)


def _along_axis_index(lib: Any, indices: Any, axis: int) -> tuple[Any, ...]:
    """The fancy index of ``indices`` along ``axis``, as ``take_along_axis`` reads them
    (``lib`` is numpy or cupy)."""
    index = list(lib.ix_(*[lib.arange(n) for n in indices.shape]))
    index[axis] = indices
    return tuple(index)


def _read_only_view(x: numpy.ndarray, shape: tuple[int, ...],
                    strides: tuple[int, ...]) -> numpy.ndarray:
    """Overlapping windows must not be written through."""
    return numpy.lib.stride_tricks.as_strided(x, shape, strides, writeable=False)


@functools.cache
def _scipy_special() -> Any:
    """``scipy.special``, or None without SciPy (imported once, on first use)."""
    try:
        import scipy.special
    except ImportError:
        return None
    return scipy.special


BACKEND = NumpyBackend()
ARRAY_TYPES = (numpy.ndarray, *set(numpy.sctypeDict.values()))
