"""Chainer's ``chainer.backends.cuda`` helpers, so ported scripts keep working:
``to_cpu(loss.array)``, ``to_gpu(x, 0)``, ``get_array_module(x)``, ``available``, and
``cupy`` (a placeholder without CuPy, so ``xp is cuda.cupy`` is simply False). The same
module is ``flexgrad.cuda``.

They take arrays of any backend: ``to_cpu`` of a Dask array computes it into NumPy.
"""

from __future__ import annotations

import functools
import importlib.util
from typing import Any

from . import NUMPY, backend_of, get_array_module, get_backend, get_device, is_array
from ._device import Device

__all__ = ["check_cuda_available", "get_array_module", "get_device_from_array",
           "get_device_from_id", "to_cpu", "to_gpu"]


@functools.cache
def _cuda_available() -> bool:
    """Whether CuPy is installed and sees a CUDA device (asked once, on first use)."""
    if importlib.util.find_spec("cupy") is None:
        return False
    try:
        import cupy

        return cupy.cuda.runtime.getDeviceCount() > 0
    except Exception:  # no driver or runtime: CuPy raises its own error types
        return False


class _MissingCupy:
    """Stands for ``cupy`` where CuPy is not installed, as Chainer's placeholder does:
    ``xp is cuda.cupy`` is simply False, and any use says what is missing."""

    def __getattr__(self, name: str) -> Any:
        raise AttributeError(f"flexgrad.cuda.cupy.{name}: CuPy is not installed (install "
                             "flexgrad[cuda12] or flexgrad[cuda13] on a machine with an "
                             "NVIDIA GPU)")

    def __repr__(self) -> str:
        return "<flexgrad.cuda.cupy: CuPy is not installed>"


class _MissingNdarray:
    """Stands for ``cupy.ndarray`` without CuPy: no array is an instance of it."""


@functools.cache
def _cupy() -> Any:
    """The ``cupy`` module, or the placeholder where it cannot be imported."""
    if importlib.util.find_spec("cupy") is None:
        return _MissingCupy()
    try:
        import cupy

        return cupy
    except Exception:  # a broken install (no CUDA runtime) raises its own error types
        return _MissingCupy()


def __getattr__(name: str) -> Any:
    """``available``, ``cupy`` and ``ndarray``, computed on first use so that importing
    flexgrad never loads CuPy."""
    if name == "available":
        return _cuda_available()
    if name == "cupy":
        return _cupy()
    if name == "ndarray":
        cupy = _cupy()
        return _MissingNdarray if isinstance(cupy, _MissingCupy) else cupy.ndarray
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def check_cuda_available() -> None:
    """Raise a clear error unless CuPy and a CUDA device are there."""
    if not _cuda_available():
        raise RuntimeError("flexgrad.backends.cuda: CUDA is not available (install "
                           "flexgrad[cuda12] or flexgrad[cuda13] on a machine with an "
                           "NVIDIA GPU)")


def _convert(value: Any, move: Any) -> Any:
    """``move`` applied to an array, or to each array in a list or tuple (None kept)."""
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return type(value)(_convert(v, move) for v in value)
    if hasattr(value, "array") and not is_array(value):  # a Variable: Chainer takes arrays
        raise TypeError("flexgrad.backends.cuda: expected an array, got a Variable "
                        "(pass its .array)")
    if not is_array(value):
        raise TypeError(f"flexgrad.backends.cuda: expected an array, got "
                        f"{type(value).__name__}")
    return move(value)


def to_cpu(array: Any, stream: Any = None) -> Any:
    """``array`` (or a list or tuple of them) as NumPy arrays; NumPy ones are returned as
    they are. ``stream`` is accepted for Chainer's signature and ignored."""
    return _convert(array, lambda a: NUMPY.default_device().send(a))


def to_gpu(array: Any, device: Any = None, stream: Any = None) -> Any:
    """``array`` (or a list or tuple of them) on CuPy device ``device`` (current when
    None)."""
    return _convert(array, _cupy_device(device).send)


def get_device_from_id(device_id: int | None) -> Device:
    """The CuPy device of that index (the current one when None); a negative index is
    the CPU, as Chainer's dummy device (scripts call ``get_device_from_id(-1).use()``)."""
    if device_id is not None and device_id < 0:
        return NUMPY.default_device()
    return _cupy_device(device_id)


def _cupy_device(device_id: int | None) -> Device:
    check_cuda_available()
    if device_id is None:
        return get_backend("cupy").default_device()
    return get_device(device_id)


def get_device_from_array(*arrays: Any) -> Device:
    """The device of the first array among ``arrays`` (NumPy's when none)."""
    for array in arrays:
        array = getattr(array, "array", array)
        if array is not None and is_array(array):
            return backend_of(array).device_of(array)
    return NUMPY.default_device()

