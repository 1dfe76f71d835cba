"""JAX arrays (CPU, GPU, TPU), computed eagerly through ``jax.numpy``.

Loaded when a JAX array or a ``'@jax'`` spec first appears. JAX arrays are immutable:
every write flexgrad makes goes through ``set_item`` (``.at[key].set``) and loads replace
arrays instead of filling them. float64 needs JAX's x64 mode; asking for it without is an
error, never a silent float32.
"""

from __future__ import annotations

from typing import Any

import jax
import jax.numpy as jnp
import jax.scipy.special as jax_special
import numpy

from ..errors import InvalidTypeError
from ._base import Backend
from ._device import Device
from ._random import Generator
from .numpy import _along_axis_index

_WIDE = {"float64", "complex128"}  # 64-bit ints narrow to int32 harmlessly (indices)


class JaxGenerator(Generator):
    """A seeded JAX key, split for every draw; the draws land on one device."""

    def __init__(self, seed: int | None, device: Any) -> None:
        if seed is None:
            seed = int(numpy.random.default_rng().integers(2**63))
        self._key = jax.random.key(seed)
        self._device = device

    def _next(self) -> Any:
        self._key, key = jax.random.split(self._key)
        return key

    def _placed(self, array: Any) -> Any:
        return jax.device_put(array, self._device)

    def uniform(self, low, high, shape, dtype):
        key = self._next()
        return self._placed(jax.random.uniform(key, tuple(shape), BACKEND.dtype(dtype),
                                               low, high))

    def normal(self, loc, scale, shape, dtype):
        key = self._next()
        return self._placed(jax.random.normal(key, tuple(shape), BACKEND.dtype(dtype))
                            * scale + loc)

    def integers(self, low, high, shape, dtype):
        key = self._next()
        return self._placed(jax.random.randint(key, tuple(shape), low, high,
                                               BACKEND.dtype(dtype)))

    def get_state(self) -> numpy.ndarray:
        """The current key's raw words."""
        return numpy.asarray(jax.random.key_data(self._key)).copy()

    def state_error(self, state: numpy.ndarray) -> str | None:
        words = jax.random.key_data(self._key)
        if state.dtype != words.dtype or state.shape != words.shape:
            return (f"expected a JAX key of {words.dtype} words of shape {words.shape}, got "
                    f"{state.dtype} array of shape {state.shape}")
        return None

    def _restore(self, state: numpy.ndarray) -> None:
        self._key = jax.random.wrap_key_data(jnp.asarray(state))


class JaxBackend(Backend):
    name = "jax"
    native_module = jnp

    def __init__(self) -> None:
        super().__init__(jnp)

    @property
    def module_name(self) -> str:
        return "jax"

    # Devices are named '<platform>:<id>' ('cpu:0', 'gpu:0', 'tpu:1'), or by platform alone
    # for its first device.
    def device_name(self, device: Any) -> str:
        return f"{device.platform}:{device.id}"

    def device(self, where: str) -> Device:
        platform, _, number = where.partition(":")
        platform = {"cuda": "gpu", "rocm": "gpu"}.get(platform, platform)
        try:
            found = jax.devices(platform)
        except RuntimeError:
            found = []
        for d in found:
            if not number or str(d.id) == number:
                return Device(self, None if d == self._default else d)
        raise ValueError(f"flexgrad.get_device: jax has no device {where!r}; it has "
                         f"{[self.device_name(d) for d in jax.devices()]}")

    def dtype(self, name: Any) -> Any:
        dtype = super().dtype(name)
        _refuse_wide(numpy.dtype(dtype).name, f"dtype {name!r}")
        return dtype

    # A read on a GPU or TPU is a device-to-host sync; on the CPU it is free.
    def reads_are_free(self, array: Any) -> bool:
        return all(d.platform == "cpu" for d in array.devices())

    def to_numpy(self, array: Any) -> numpy.ndarray:
        return numpy.asarray(array)

    def from_numpy(self, array: numpy.ndarray, device: Device | None = None) -> Any:
        array = numpy.asarray(array)
        _refuse_wide(array.dtype.name, "a NumPy array")
        return jax.device_put(array, self.library_device(device))

    def from_dlpack(self, array: Any, device: Device | None = None) -> Any:
        _refuse_wide(str(array.dtype).rsplit(".", 1)[-1], f"a {type(array).__name__}")
        return super().from_dlpack(array, device)

    def to_device(self, array: Any, device: Device) -> Any:
        return jax.device_put(array, self.library_device(device))

    # Immutable arrays: writes build a new array.
    def set_item(self, array: Any, key: Any, value: Any) -> Any:
        return array.at[key].set(value)

    def fmod(self, x: Any, divisor: Any) -> Any:
        return jnp.fmod(x, divisor)

    # The standard has no einsum; jax.numpy has one.
    def einsum(self, subscripts: str, *operands: Any) -> Any:
        return jnp.einsum(subscripts, *operands)

    # jax.scipy.special has each but erfcinv; the standard-only series are slower.
    def special(self, name: str, x: Any, n: int = 0) -> Any:
        if name == "polygamma":
            return jax_special.digamma(x) if n == 0 else jax_special.polygamma(n, x)
        function = getattr(jax_special, "gammaln" if name == "lgamma" else name, None)
        return super().special(name, x, n) if function is None else function(x)

    def zeta(self, s: Any, q: Any) -> Any:
        return jax_special.zeta(s, q)

    # .at[].add sums repeated indices in one scatter, no one-hot matrix.
    def scatter_add(self, target: Any, indices: Any, values: Any) -> Any:
        flat_idx = jnp.reshape(indices, (-1,))
        flat_val = jnp.reshape(values, (flat_idx.shape[0], *target.shape[1:]))
        return target.at[flat_idx].add(flat_val)

    def take_along_axis(self, array: Any, indices: Any, axis: int) -> Any:
        return jnp.take_along_axis(array, indices, axis=axis)

    def add_along_axis(self, array: Any, indices: Any, values: Any, axis: int) -> Any:
        return array.at[_along_axis_index(jnp, indices, axis)].add(values)

    def generator(self, seed: int | None = None, device: Device | None = None) -> Generator:
        return JaxGenerator(seed, self.library_device(device))


def _refuse_wide(dtype_name: str, what: str) -> None:
    """JAX without x64 silently narrows 64-bit types: say how to turn x64 on instead."""
    if dtype_name in _WIDE and not jax.config.jax_enable_x64:
        raise InvalidTypeError(
            f"flexgrad (jax backend): {what} asks for {dtype_name}, but JAX's 64-bit types "
            "are off and it would silently compute in 32 bits; call "
            "jax.config.update('jax_enable_x64', True) at startup (or set JAX_ENABLE_X64=1), "
            "or cast to float32 first")


BACKEND = JaxBackend()
ARRAY_TYPES = (BACKEND.array_type,)
