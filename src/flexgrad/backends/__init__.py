"""Array-namespace adapters: the only part of flexgrad that names numpy, cupy or dask.

``backend_of(array)`` answers in one dict lookup keyed by the array's type; a type seen
for the first time is resolved once (CuPy and Dask are imported only then).
"""

from __future__ import annotations

import importlib
from typing import Any

import array_api_compat
import numpy as _numpy  # not `numpy`: the submodule .numpy takes that name here

from ..configuration import config
from ._base import Backend
from ._device import Device
from ._random import Generator
from .numpy import ARRAY_TYPES as _NUMPY_TYPES
from .numpy import BACKEND as NUMPY

__all__ = [
    "Backend",
    "Device",
    "Generator",
    "backend_of",
    "get_backend",
    "get_device",
    "get_device_from_array",
    "get_array_module",
    "is_array",
    "set_seed",
    "zeros",
]

_BY_TYPE: dict[type, Backend] = {t: NUMPY for t in _NUMPY_TYPES}
_BY_NAMESPACE: dict[Any, Backend] = {NUMPY.xp: NUMPY}
_BY_NAME: dict[str, Backend] = {"numpy": NUMPY}
# Libraries with an adapter of their own: the namespace array-api-compat gives their arrays
# -> the adapter module; and the spec names that load one without an array at hand.
_NATIVE_BY_NAMESPACE = {
    "array_api_compat.cupy": ".cupy",
    "array_api_compat.dask.array": ".dask",
    "array_api_compat.torch": ".torch",
    "jax.numpy": ".jax",
}
_NATIVE_BY_NAME = {"cupy": ".cupy", "dask": ".dask", "torch": ".torch", "jax": ".jax",
                   "jax.numpy": ".jax"}
_INSTALL = {".cupy": "CuPy and an NVIDIA GPU (pip install flexgrad[cuda12] or [cuda13])",
            ".dask": "Dask (pip install flexgrad[dask])",
            ".torch": "PyTorch (pip install torch)",
            ".jax": "JAX (pip install jax)"}


class NotAnArrayError(TypeError):
    """Raised when something that should be an array is not one."""


def _native(module_name: str, library: str) -> Backend:
    """The adapter in ``module_name`` (``'.torch'``...), imported once; its arrays registered."""
    try:
        module = importlib.import_module(module_name, __name__)
    except ImportError as exc:
        raise ImportError(f"flexgrad.get_device: the {library!r} backend needs "
                          f"{_INSTALL[module_name]}, which is not installed here ({exc}); "
                          "'@numpy' runs on the CPU") from exc
    backend: Backend = module.BACKEND
    _BY_NAMESPACE[backend.xp] = backend
    for array_type in module.ARRAY_TYPES:
        _BY_TYPE[array_type] = backend
    return backend


def _for_namespace(namespace: Any) -> Backend:
    """The backend of an Array API namespace: its own adapter where flexgrad has one, else
    the standard-only one, created once per namespace object (never found by name)."""
    backend = _BY_NAMESPACE.get(namespace)
    if backend is not None:
        return backend
    native = _NATIVE_BY_NAMESPACE.get(namespace.__name__)
    if native is not None:
        backend = _native(native, namespace.__name__)
    else:
        backend = Backend(namespace)
    _BY_NAMESPACE[namespace] = backend
    return backend


def get_backend(name: str) -> Backend:
    """The backend for a library name: ``'numpy'``, ``'cupy'``, ``'dask'``, ``'torch'``,
    ``'jax'``, or the module name of any Array API namespace (``'array_api_strict'``)."""
    backend = _BY_NAME.get(name)
    if backend is not None:
        return backend
    if name in _NATIVE_BY_NAME:
        backend = _native(_NATIVE_BY_NAME[name], name)
    else:
        try:
            module = importlib.import_module(name)
        except ImportError as exc:
            raise ValueError(f"flexgrad.get_device: no array library named {name!r}") from exc
        if not hasattr(module, "zeros"):
            raise ValueError(f"flexgrad.get_device: {name!r} is not an Array API namespace "
                             "(it has no zeros)")
        backend = backend_of(module.zeros((1,), dtype=module.float32))
    _BY_NAME[name] = backend
    return backend


def _resolve(array_type: type, array: Any) -> Backend:
    try:
        namespace = array_api_compat.array_namespace(array)
    except TypeError:
        raise NotAnArrayError(
            f"expected an array of an Array API library, got {array_type.__name__}"
        ) from None
    backend = _for_namespace(namespace)
    _BY_TYPE[array_type] = backend
    return backend


def backend_of(array: Any) -> Backend:
    """The backend that owns ``array``."""
    try:
        return _BY_TYPE[type(array)]
    except KeyError:
        return _resolve(type(array), array)


# backend_by_type(array_type): the backend of arrays of exactly that type, or None if not
# seen yet. The registry's own bound ``get``: no Python frame on the hot path.
backend_by_type = _BY_TYPE.get


def is_array(obj: Any) -> bool:
    """Whether ``obj`` is an array of some Array API library."""
    if type(obj) in _BY_TYPE:
        return True
    return array_api_compat.is_array_api_obj(obj)


def get_device(spec: Any) -> Device:
    """A device from a spec: ``'@numpy'``, ``'@cupy:0'``, ``'@dask'``, ``'@torch'``,
    ``'@torch:cuda:0'``, ``'@jax'``, ``'@jax:gpu:0'``, ``'@array_api_strict'``,
    ``'@array_api_strict:device1'``: a library, then optionally one of its devices.

    Chainer's forms work too: ``-1`` (or ``'-1'``, as Chainer's example scripts pass
    ``--device``) or ``numpy`` for the CPU, a GPU index for CuPy, and a ``Device`` is
    returned as is.
    """
    if isinstance(spec, Device):
        return spec
    if isinstance(spec, str) and spec.lstrip("-").isdigit():
        spec = int(spec)
    if isinstance(spec, int) and not isinstance(spec, bool):
        return NUMPY.default_device() if spec < 0 else Device(get_backend("cupy"), spec)
    if hasattr(spec, "__name__") and not isinstance(spec, str):
        spec = "@" + spec.__name__
    if not isinstance(spec, str) or not spec.startswith("@"):
        raise ValueError(
            "flexgrad.get_device: expected a spec like '@numpy', '@cupy:0', '@dask', "
            f"'@torch:cuda:0', '@jax' or '@array_api_strict', got {spec!r}"
        )
    name, _, where = spec[1:].partition(":")
    backend = get_backend(name)
    return backend.device(where) if where else backend.default_device()


def get_device_from_array(array: Any) -> Device:
    """The device ``array`` lives on (a Variable's array is looked through)."""
    array = getattr(array, "array", array)
    return backend_of(array).device_of(array)


def get_array_module(*args: Any) -> Any:
    """Chainer's ``xp`` for the first array or Variable among ``args``: its library's own
    module (``numpy``, ``cupy``, ``dask.array``; see ``Backend.user_xp``), ``numpy`` if none."""
    for arg in args:
        array = getattr(arg, "array", arg)
        if array is not None and is_array(array):
            return backend_of(array).user_xp
    return NUMPY.user_xp


def zeros(shape: tuple[int, ...], like: Any) -> Any:
    """Zeros of ``shape`` with the dtype, backend and device of ``like`` (an array or a
    Variable): the first state of a recurrent link, beside its input."""
    array = getattr(like, "array", like)
    backend = backend_of(array)
    return backend.xp.zeros(shape, dtype=array.dtype, device=backend.device_arg(array))


def get_dtype(dtype: Any = None) -> Any:
    """Chainer's ``get_dtype``: ``dtype``, or ``flexgrad.config.dtype`` when None, as a
    NumPy dtype (what Chainer's examples pass to ``astype``)."""
    return _numpy.dtype(config.dtype if dtype is None else dtype)


def set_seed(seed: int | None) -> None:
    """Reseed the default generator of every backend, loaded so far or later."""
    Backend.seed_of_new_backends = seed
    for backend in set(_BY_NAME.values()):
        backend.reset_generators(seed)


from . import cuda as cuda  # noqa: E402  (Chainer's chainer.backends.cuda; needs the above)
