"""Devices: where arrays live, named by spec strings such as ``'@numpy'`` or ``'@cupy:0'``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._base import Backend


class Device:
    """A backend plus, for multi-device libraries, which device: ``index`` is CuPy's
    device number, or another library's own device object; None is the default device."""

    __slots__ = ("backend", "index")

    def __init__(self, backend: Backend, index: int | None = None) -> None:
        self.backend = backend
        self.index = index

    @property
    def xp(self) -> Any:
        """The library's own module where it has one (``numpy``, ``cupy``,
        ``dask.array``), as Chainer's ``device.xp``; see ``Backend.user_xp``."""
        return self.backend.user_xp

    @property
    def spec(self) -> str:
        return self.backend.spec(self.index)

    @property
    def name(self) -> str:
        return self.spec

    def send(self, array: Any) -> Any:
        """``array`` moved to this device (the same object when it is already here).

        Between libraries it goes through DLPack where both sides can (NumPy and PyTorch
        on the CPU, CuPy and PyTorch on a GPU, PyTorch and JAX), which may share memory
        with ``array``; through a NumPy copy on the host only where they cannot.
        """
        from . import backend_of

        source = backend_of(array)
        if source is self.backend:
            if source.device_of(array) == self:
                return array
            return source.to_device(array, self)
        moved = self.backend.from_dlpack(array, self)
        if moved is not None:
            return moved
        return self.backend.from_numpy(source.to_numpy(array), self)

    def use(self) -> None:
        """Make this the current device (CuPy); other backends have nothing to do."""
        self.backend.use_device(self)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Device):
            return NotImplemented
        return self.backend is other.backend and self.index == other.index

    # Chainer's converters written for integer ids test ``device < 0`` for the CPU: a CuPy
    # device compares as its number, any other as -1 (that branch sends with to_device).
    def _chainer_id(self) -> int:
        if self.backend.name != "cupy":
            return -1
        if self.index is not None:
            return self.index
        return self.backend.native_module.cuda.Device().id  # the current one

    def __lt__(self, other: object) -> bool:
        return self._chainer_id() < other if isinstance(other, int) else NotImplemented

    def __le__(self, other: object) -> bool:
        return self._chainer_id() <= other if isinstance(other, int) else NotImplemented

    def __gt__(self, other: object) -> bool:
        return self._chainer_id() > other if isinstance(other, int) else NotImplemented

    def __ge__(self, other: object) -> bool:
        return self._chainer_id() >= other if isinstance(other, int) else NotImplemented

    def __deepcopy__(self, memo: dict) -> Device:
        return self  # a place, not data: copies of what lives there live there too

    def __hash__(self) -> int:
        return hash((id(self.backend), self.index))

    def __repr__(self) -> str:
        return f"<Device {self.spec}>"

    __str__ = spec.fget  # type: ignore[assignment]
