"""PyTorch tensors (CPU, CUDA, ROCm, Apple GPUs), computed through array-api-compat.

Loaded when a tensor or a ``'@torch'`` spec first appears. flexgrad records its own graph:
tensors reach it without ``requires_grad`` and PyTorch's autograd stays out of the way.
"""

from __future__ import annotations

from typing import Any

import array_api_compat.torch as torch_xp
import numpy
import torch

from . import _strided
from ._base import Backend
from ._device import Device
from ._random import Generator

_CPU = torch.device("cpu")


class TorchGenerator(Generator):
    """A seeded ``torch.Generator`` drawing on one device (CUDA draws stay on the GPU)."""

    def __init__(self, seed: int | None, device: torch.device) -> None:
        self._device = device
        self._rng = torch.Generator(device=device)
        if seed is None:
            self._rng.seed()
        else:
            self._rng.manual_seed(seed)

    def _draw(self, make: Any, shape: Any, dtype: Any) -> torch.Tensor:
        return make(tuple(shape), generator=self._rng, device=self._device, dtype=dtype)

    def uniform(self, low, high, shape, dtype):
        dtype = BACKEND.dtype(dtype)
        return self._draw(torch.rand, shape, dtype) * (high - low) + low

    def normal(self, loc, scale, shape, dtype):
        dtype = BACKEND.dtype(dtype)
        return self._draw(torch.randn, shape, dtype) * scale + loc

    def integers(self, low, high, shape, dtype):
        drawn = torch.randint(low, high, tuple(shape), generator=self._rng,
                              device=self._device, dtype=torch.int64)
        return drawn.to(BACKEND.dtype(dtype))

    def get_state(self) -> numpy.ndarray:
        """torch's own state bytes (Philox's on CUDA, the Mersenne twister's on the CPU)."""
        return self._rng.get_state().numpy().copy()

    def state_error(self, state: numpy.ndarray) -> str | None:
        size = self._rng.get_state().shape[0]
        if state.dtype != numpy.uint8 or state.shape != (size,):
            return (f"expected {size} uint8 bytes of a torch generator state on "
                    f"{self._device}, got {state.dtype} array of shape {state.shape}")
        return None

    def _restore(self, state: numpy.ndarray) -> None:
        self._rng.set_state(torch.from_numpy(numpy.array(state, copy=True)))


class TorchBackend(Backend):
    name = "torch"

    def __init__(self) -> None:
        super().__init__(torch_xp, torch.Tensor)

    @property
    def module_name(self) -> str:
        return "torch"

    # torch.device parses 'cuda', 'cuda:1', 'mps'; a bare 'cuda' means the current GPU, as
    # tensors report it.
    def device(self, where: str) -> Device:
        try:
            found = torch.device(where)
        except RuntimeError as exc:
            raise ValueError(f"flexgrad.get_device: torch has no device {where!r} ({exc})") \
                from None
        if found.type != "cpu" and found.index is None:
            found = torch.device(found.type, torch.get_device_module(found.type).current_device())
        return Device(self, None if found == _CPU else found)

    def use_device(self, device: Device) -> None:
        if device.index is not None and device.index.type == "cuda":
            torch.cuda.set_device(device.index)

    # A read on a GPU is a device-to-host sync; on the CPU it is free.
    def reads_are_free(self, array: Any) -> bool:
        return array.device.type == "cpu"

    # .detach().cpu() makes no copy on the CPU; DLPack would refuse a tensor needing grad.
    def to_numpy(self, array: Any) -> numpy.ndarray:
        return array.detach().cpu().numpy()

    def from_numpy(self, array: numpy.ndarray, device: Device | None = None) -> Any:
        return torch.as_tensor(numpy.asarray(array), device=self.library_device(device))

    # torch.fmod is C's fmod, exact; the standard-only path corrects remainder's sign.
    def fmod(self, x: Any, divisor: Any) -> Any:
        return torch.fmod(x, divisor)

    # The standard has no einsum; torch has one.
    def einsum(self, subscripts: str, *operands: Any) -> Any:
        return torch.einsum(subscripts, *operands)

    # torch.special has each but erfcinv as one kernel; the standard-only series are slower.
    def special(self, name: str, x: Any, n: int = 0) -> Any:
        if name == "polygamma":
            return torch.special.polygamma(n, x)
        function = getattr(torch.special, "gammaln" if name == "lgamma" else name, None)
        return super().special(name, x, n) if function is None else function(x)

    def zeta(self, s: Any, q: Any) -> Any:
        return torch.special.zeta(s, q)

    # index_add sums repeated rows without a one-hot matrix; torch wants int64 indices.
    def scatter_add(self, target: Any, indices: Any, values: Any) -> Any:
        flat_idx = torch.reshape(indices, (-1,)).to(torch.int64)
        flat_val = torch.reshape(values, (flat_idx.shape[0], *target.shape[1:]))
        return target.index_add(0, flat_idx, flat_val)

    # take_along_dim refuses indices that are not int64.
    def take_along_axis(self, array: Any, indices: Any, axis: int) -> Any:
        return torch.take_along_dim(array, indices.to(torch.int64), dim=axis)

    # scatter_add is the adjoint of take_along_dim, one kernel, in place on the fresh array.
    def add_along_axis(self, array: Any, indices: Any, values: Any, axis: int) -> Any:
        return array.scatter_add_(axis, indices.to(torch.int64), values)

    # Windows as a strided view (torch.as_strided): no copy until a product reads them;
    # the standard-only path stacks a copy per kernel offset (twice the time here).
    def sliding_window(self, x, ksize, stride, pad, dilate, outsize, pad_value=0.0):
        return _strided.sliding_window(_Creating(x.device), torch.as_strided, x, ksize,
                                       stride, pad, dilate, outsize, pad_value)

    # One in-place strided add per kernel offset instead of padded copies.
    def fold_windows(self, cols, stride, pad, dilate, size):
        return _strided.fold_windows(_Creating(cols.device), cols, stride, pad, dilate, size)

    def generator(self, seed: int | None = None, device: Device | None = None) -> Generator:
        return TorchGenerator(seed, self.library_device(device))


class _Creating:
    """The ``full`` and ``zeros`` that ``_strided`` calls, making tensors on one device."""

    def __init__(self, device: torch.device) -> None:
        self.device = device

    def full(self, shape: Any, value: float, dtype: Any) -> torch.Tensor:
        return torch.full(tuple(shape), value, dtype=dtype, device=self.device)

    def zeros(self, shape: Any, dtype: Any) -> torch.Tensor:
        return torch.zeros(tuple(shape), dtype=dtype, device=self.device)


BACKEND = TorchBackend()
ARRAY_TYPES = (torch.Tensor, torch.nn.Parameter)
