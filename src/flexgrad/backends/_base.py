"""The backend contract, with standard-only defaults that serve any Array API namespace.

A subclass overrides a method only where its library does better or where the standard
has a gap it can fill; each override says why.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Sequence
from typing import Any

import array_api_compat
import numpy

from ..errors import InvalidTypeError
from . import _special
from ._device import Device
from ._random import Generator, NumpyDrawnGenerator


class Backend:
    """One array library seen through its Array API namespace ``xp``.

    Used as is, it serves any standard namespace (named by the namespace's module); the
    libraries flexgrad knows better subclass it.
    """

    name: str = "array_api"
    is_lazy: bool = False
    seed_of_new_backends: int | None = None  # set_seed's, for backends loaded after it
    #: The library's own NumPy-like module (``numpy``, ``cupy``, ``dask.array``), given
    #: to users' scripts as ``xp`` as Chainer does; None where the library has none.
    native_module: Any = None

    def __init__(self, xp: Any, array_type: type | None = None) -> None:
        self.xp = xp
        probe = xp.zeros((1,), dtype=xp.float32)  # not float64: a test may be spying on it
        self.array_type = type(probe) if array_type is None else array_type
        if type(self) is Backend:
            self.name = xp.__name__
        self.writable = _writable(xp)
        self._default = _device_of(probe)
        self._generators: dict[Any, Generator] = {}
        self._seed: int | None = Backend.seed_of_new_backends
        self._dtype_kinds: dict[tuple[Any, str], bool] = {}

    # -- identity and devices -------------------------------------------------------------
    @property
    def module_name(self) -> str:
        return self.xp.__name__

    @property
    def user_xp(self) -> Any:
        """What a user's script gets as ``xp`` (``Link.xp``, ``get_array_module``): the
        library's own module where it has one, else the standard namespace. flexgrad's
        own code computes with ``xp``, never with this."""
        return self.xp if self.native_module is None else self.native_module

    def __deepcopy__(self, memo: dict) -> Backend:
        return self  # one adapter per library: deep copies of models share it

    def __repr__(self) -> str:
        return f"<flexgrad backend {self.name!r} ({self.module_name})>"

    def device_of(self, array: Any) -> Device:
        where = _device_of(array)
        return Device(self, None if where == self._default else where)

    def default_device(self) -> Device:
        return Device(self)

    def device(self, where: str) -> Device:
        """The device a spec names after the library (``'device1'`` in
        ``'@array_api_strict:device1'``), among those the namespace lists."""
        devices = self.xp.__array_namespace_info__().devices()
        for found in devices:
            if where in (str(found), self.device_name(found)):
                return Device(self, None if found == self._default else found)
        raise ValueError(f"flexgrad.get_device: {self.name} has no device {where!r}; it has "
                         f"{[self.device_name(d) for d in devices]}")

    def device_name(self, device: Any) -> str:
        """How a spec names the library's ``device``: ``'device1'`` for a device whose
        repr is ``Device('device1')``, else its ``str``."""
        text = str(device)
        quoted = re.fullmatch(r"[\w.]*\('([^']*)'\)", text)
        return quoted.group(1) if quoted else text

    def library_device(self, device: Device | None) -> Any:
        """The library's own device object for ``device`` (None: the default)."""
        if device is None or device.index is None:
            return self._default
        return device.index

    def spec(self, index: Any) -> str:
        return "@" + self.module_name + ("" if index is None else f":{self.device_name(index)}")

    def use_device(self, device: Device) -> None:
        """Make ``device`` current; only libraries with several devices need to."""

    def device_arg(self, array: Any) -> Any:
        """The ``device=`` to create an array beside ``array`` with (``xp.zeros(shape,
        dtype=..., device=backend.device_arg(x))``): without it, creation functions use
        the library's default device, and the op then mixes devices."""
        return _device_of(array)

    # -- arrays ---------------------------------------------------------------------------
    def as_array(self, obj: Any, dtype: Any = None) -> Any:
        """An array of this backend (0-d scalars from reductions become arrays)."""
        return self.xp.asarray(obj, dtype=dtype)

    def to_numpy(self, array: Any) -> numpy.ndarray:
        """A NumPy array for serialization and display (standard path: DLPack, which may
        share memory; arrays on another device are copied to the CPU first)."""
        if _device_of(array) != self._default:
            array = self.xp.asarray(array, device=self._default, copy=True)
        try:
            return numpy.from_dlpack(array)
        except (TypeError, RuntimeError, BufferError, AttributeError):
            return numpy.asarray(array)

    def from_numpy(self, array: numpy.ndarray, device: Device | None = None) -> Any:
        where = self.library_device(device)
        if where is self._default:
            return self.xp.asarray(array)
        return self.xp.asarray(self.xp.asarray(array), device=where, copy=True)

    def to_device(self, array: Any, device: Device) -> Any:
        """``array`` (of this library) copied to another of its devices."""
        return array_api_compat.to_device(array, self.library_device(device))

    def from_dlpack(self, array: Any, device: Device | None = None) -> Any:
        """``array`` of another library as an array of this one on ``device``, through
        DLPack (no copy through the host where both share a device), or None where the
        two cannot exchange it."""
        from_dlpack = getattr(self.xp, "from_dlpack", None)
        if from_dlpack is None:
            return None
        try:
            moved = from_dlpack(array)
        except (TypeError, RuntimeError, BufferError, ValueError, AttributeError,
                NotImplementedError):
            return None
        if device is not None and self.device_of(moved) != device:
            return None
        return moved

    def set_item(self, array: Any, key: Any, value: Any) -> Any:
        """``array`` with ``array[key] = value``; every write flexgrad makes into an array
        goes through here. In place (the caller owns ``array``) where the library allows
        writes; otherwise a new array, built with standard functions only."""
        if self.writable:
            array[key] = value
            return array
        xp = self.xp
        shape = tuple(array.shape)
        device = self.device_arg(array)
        flat_index = xp.reshape(xp.arange(math.prod(shape), device=device), shape)[key]
        positions = xp.reshape(flat_index, (-1,))
        placed = xp.broadcast_to(xp.asarray(value, dtype=array.dtype, device=device),
                                 flat_index.shape)
        hits = self.one_hot(positions, math.prod(shape), array.dtype)
        written = xp.reshape(xp.matmul(xp.reshape(placed, (1, -1)), hits), shape)
        mask = xp.reshape(xp.sum(hits, axis=0) > 0, shape)
        return xp.where(mask, written, array)

    def reads_are_free(self, array: Any) -> bool:
        """Whether reading ``array``'s values on the host costs no device sync (it is in
        host memory): value checks then always run, not only in debug mode."""
        return not self.is_lazy

    def materialize(self, arrays: Sequence[Any]) -> list[Any]:
        """Force lazy values into memory; eager backends return the arrays unchanged."""
        return list(arrays)

    def copy_into(self, target: Any, source: Any) -> Any:
        """``target`` with ``source`` written into it, as Chainer's deserializers load (its
        iterators ignore what ``serializer('order', self.order)`` returns); ``source``
        itself where ``target`` cannot be written (read-only, or immutable arrays) and on
        lazy backends, where writing would chain the old task graph into the new value."""
        if self.is_lazy or not self.writable:
            return source
        try:
            target[...] = source
        except (TypeError, ValueError, NotImplementedError):
            return source
        return target

    def is_floating(self, dtype: Any) -> bool:
        return self._is_kind(dtype, "real floating")

    def is_integer(self, dtype: Any) -> bool:
        return self._is_kind(dtype, "integral")

    def _is_kind(self, dtype: Any, kind: str) -> bool:
        """``xp.isdtype``, cached: ops check dtypes on every call and isdtype costs ~1 us."""
        key = (dtype, kind)
        try:
            return self._dtype_kinds[key]
        except KeyError:
            result = self._dtype_kinds[key] = bool(self.xp.isdtype(dtype, kind))
            return result

    def dtype(self, name: Any) -> Any:
        """This namespace's dtype for ``'float32'``, ``'f4'``, a NumPy dtype or another
        namespace's dtype object."""
        try:
            text = numpy.dtype(name).name
        except TypeError:  # another namespace's dtype, e.g. array_api_strict.float32
            text = str(name).rsplit(".", 1)[-1]
        dtype = getattr(self.xp, text, None)
        if dtype is None:
            raise TypeError(f"{self.module_name} has no dtype {name!r}")
        return dtype

    # -- random numbers -------------------------------------------------------------------
    def generator(self, seed: int | None = None, device: Device | None = None) -> Generator:
        """A new seeded generator that draws arrays on this backend's ``device``."""
        return NumpyDrawnGenerator(seed, functools.partial(self.from_numpy, device=device))

    def default_generator(self, device: Device | None = None) -> Generator:
        """The generator functions use when none is given; reset by ``set_seed``.

        Without ``set_seed`` it is seeded, when first used, from ``numpy.random``'s global
        state, so a script that seeds only ``numpy.random.seed`` (as Chainer's examples
        do) draws the same initial weights, shuffles and masks on every run.
        """
        key = None if device is None else device.index
        gen = self._generators.get(key)
        if gen is None:
            seed = self._seed
            if seed is None:
                seed = int(numpy.random.randint(0, 2**62, dtype=numpy.int64))
            gen = self._generators[key] = self.generator(seed, device)
        return gen

    def reset_generators(self, seed: int | None) -> None:
        """Forget every default generator; new ones (any device) start from ``seed``."""
        self._seed = seed
        self._generators = {}

    # -- what the standard lacks ----------------------------------------------------------
    def reshape(self, array: Any, shape: tuple[int, ...]) -> Any:
        """The standard's reshape; a backend whose reshape has limits works around them."""
        return self.xp.reshape(array, shape)

    def fmod(self, x: Any, divisor: Any) -> Any:
        """C's ``fmod``: the remainder with the sign of ``x``. The standard has only
        ``remainder`` (the sign of the divisor); this corrects its sign."""
        xp = self.xp
        r = xp.remainder(x, divisor)
        return xp.where((r != 0) & ((r < 0) != (x < 0)), r - divisor, r)

    def einsum(self, subscripts: str, *operands: Any) -> Any:
        """Einstein summation over explicit subscripts (``'ij,jk->ik'``, no ellipsis).

        The standard has no einsum: only backends whose library has one offer it.
        """
        raise InvalidTypeError(
            f"flexgrad.functions.einsum: {self.name} arrays have no einsum (the Array API "
            "standard lacks it); use NumPy, CuPy or Dask arrays, or tensordot and matmul"
        )

    def special(self, name: str, x: Any, n: int = 0) -> Any:
        """``'erf'``, ``'erfc'``, ``'erfcx'``, ``'erfinv'``, ``'erfcinv'``, ``'ndtr'``,
        ``'log_ndtr'``, ``'ndtri'``, ``'lgamma'`` or ``'polygamma'`` (order ``n``)
        elementwise, under SciPy's names.

        The standard lacks them; this path computes them with standard functions only.
        """
        if name == "polygamma":
            return _special.polygamma(self.xp, n, x)
        return getattr(_special, name)(self.xp, x)

    def zeta(self, s: Any, q: Any) -> Any:
        """Hurwitz's zeta function ``sum_k (k + q)^-s`` elementwise; ``s`` is a number or an
        array broadcasting with ``q``. Standard-only path: the Euler-Maclaurin sum."""
        return _special.zeta(self.xp, s, q)

    def linalg(self, name: str, a: Any) -> Any:
        """The standard's optional linalg extension's ``'det'``, ``'inv'`` or ``'cholesky'``
        (lower) of the matrices in the last two axes of ``a``; an error naming the library
        where its namespace has none."""
        function = getattr(getattr(self.xp, "linalg", None), name, None)
        if function is None:
            raise InvalidTypeError(
                f"flexgrad.functions.{name}: {self.name} arrays have no linalg.{name} (the "
                "Array API standard's linalg extension is optional and this library lacks "
                "it); use NumPy, CuPy, Dask, PyTorch or JAX arrays")
        return function(a)

    def fft(self, real: Any, imag: Any, inverse: bool = False) -> tuple[Any, Any]:
        """The discrete Fourier transform (``inverse``: its inverse, scaled by 1/n) along
        the last axis of ``real + 1j * imag``, as its real and imaginary parts, through
        the standard's optional fft extension; an error naming the library without one."""
        fft = getattr(self.xp, "fft", None)
        if fft is None:
            raise InvalidTypeError(
                f"flexgrad.functions.{'ifft' if inverse else 'fft'}: {self.name} arrays have "
                "no fft (the Array API standard's fft extension is optional and this library "
                "lacks it); use NumPy, CuPy, Dask, PyTorch or JAX arrays")
        xp = self.xp
        complex_dtype = xp.complex64 if real.dtype == xp.float32 else xp.complex128
        z = xp.astype(real, complex_dtype) + xp.astype(imag, complex_dtype) * 1j
        y = (fft.ifft if inverse else fft.fft)(z, axis=-1)
        return xp.real(y), xp.imag(y)

    def one_hot(self, indices: Any, n: int, dtype: Any) -> Any:
        """``(indices[..., None] == arange(n))`` as ``dtype``; the standard-only gather tool."""
        xp = self.xp
        classes = xp.arange(n, dtype=indices.dtype, device=self.device_arg(indices))
        return xp.astype(xp.expand_dims(indices, axis=-1) == classes, dtype)

    def scatter_add(self, target: Any, indices: Any, values: Any) -> Any:
        """``target`` plus ``values`` added at integer ``indices`` along axis 0; repeats add up.

        ``values`` has shape ``indices.shape + target.shape[1:]``. Returns a new array.
        Standard-only path: a one-hot matrix product, lazy-friendly and exact for repeats.
        """
        xp = self.xp
        n = target.shape[0]
        rest = tuple(target.shape[1:])
        flat_idx = xp.reshape(indices, (-1,))
        if flat_idx.shape[0] == 0:
            return target
        flat_val = xp.reshape(values, (flat_idx.shape[0], -1))
        onehot = self.one_hot(flat_idx, n, values.dtype)
        return target + xp.reshape(xp.matmul(xp.matrix_transpose(onehot), flat_val), (n,) + rest)

    def take(self, array: Any, indices: Any, axis: int) -> Any:
        """``xp.take``: the elements at integer ``indices`` (1-d) along ``axis``."""
        return self.xp.take(array, indices, axis=axis)

    def coalesce(self, array: Any, *axes: int) -> Any:
        """``array``, just joined from many inputs, in few pieces along ``axes``: chunked
        backends merge the small chunks a join leaves there; others return it as is."""
        return array

    def take_along_axis(self, array: Any, indices: Any, axis: int) -> Any:
        """NumPy's ``take_along_axis``; the standard has it since 2024.12, older ones lack it."""
        xp = self.xp
        if hasattr(xp, "take_along_axis"):
            return xp.take_along_axis(array, indices, axis=axis)
        moved = xp.moveaxis(array, axis, -1)
        idx = xp.moveaxis(indices, axis, -1)
        onehot = self.one_hot(idx, moved.shape[-1], array.dtype)
        picked = xp.sum(xp.expand_dims(moved, axis=-2) * onehot, axis=-1)
        return xp.moveaxis(picked, -1, axis)

    def add_along_axis(self, array: Any, indices: Any, values: Any, axis: int) -> Any:
        """``array`` plus ``values`` added at ``indices`` along ``axis``; repeats add up.

        The adjoint of ``take_along_axis``, with its shapes: ``values`` has the shape of
        ``indices``. May write into ``array`` (pass a fresh array you no longer need) and
        returns the result. Standard-only path: a one-hot product, into a new array.
        """
        xp = self.xp
        idx = xp.moveaxis(indices, axis, -1)
        onehot = self.one_hot(idx, array.shape[axis], array.dtype)
        added = xp.sum(onehot * xp.expand_dims(xp.moveaxis(values, axis, -1), axis=-1), axis=-2)
        return array + xp.moveaxis(added, -1, axis)

    # -- sliding windows (convolution, pooling) --------------------------------------------
    def sliding_window(self, x: Any, ksize: tuple[int, ...], stride: tuple[int, ...],
                       pad: tuple[int, ...], dilate: tuple[int, ...],
                       outsize: tuple[int, ...], pad_value: float = 0.0) -> Any:
        """The windows of ``x`` (N, C, *spatial) as an array (N, C, *ksize, *outsize).

        Entry ``[n, c, *i, *o]`` is ``x[n, c, *(o * stride + i * dilate - pad)]``, or
        ``pad_value`` where that falls outside ``x`` (``pad`` before each spatial axis,
        and after it as far as the last window reaches). Standard-only path: one spatial
        axis at a time, pad by concatenation, then stack ``k`` strided slices.
        """
        nd = len(ksize)
        for a in range(nd):  # axes so far: (N, C, k_0, o_0, ..., k_a-1, o_a-1, size_a, ...)
            x = self._windows_along(x, 2 + 2 * a, ksize[a], stride[a], pad[a], dilate[a],
                                    outsize[a], pad_value)
        order = (0, 1, *range(2, 2 + 2 * nd, 2), *range(3, 3 + 2 * nd, 2))
        return self.xp.permute_dims(x, order)

    def fold_windows(self, cols: Any, stride: tuple[int, ...], pad: tuple[int, ...],
                     dilate: tuple[int, ...], size: tuple[int, ...]) -> Any:
        """The adjoint of ``sliding_window`` (col2im): windows (N, C, *ksize, *outsize)
        summed back into an image (N, C, *size); entries that fell in the padding drop.

        Standard-only path: one spatial axis at a time, each kernel offset's slab spread
        out by its stride (interleaved zeros), shifted into place by concatenation, summed.
        """
        nd = len(size)
        order = (0, 1, *(axis for a in range(nd) for axis in (2 + a, 2 + nd + a)))
        y = self.xp.permute_dims(cols, order)
        for a in range(nd):  # axes so far: (N, C, size_0, ..., size_a-1, k_a, o_a, ...)
            y = self._fold_along(y, 2 + a, stride[a], pad[a], dilate[a], size[a])
        return y

    def window_max(self, x: Any, ksize: tuple[int, ...], stride: tuple[int, ...],
                   pad: tuple[int, ...], outsize: tuple[int, ...]) -> tuple[Any, Any]:
        """Each window's maximum (N, C, *outsize), padding counting as -inf, and the flat
        kernel offset of its first maximum (int32, the same shape).

        Standard-only path: a max over the windows' axis, then the offset without argmax
        (which the standard lacks on some libraries): the highest rank among the hits.
        """
        xp = self.xp
        k = math.prod(ksize)
        cols = self.sliding_window(x, ksize, stride, pad, (1,) * len(ksize), outsize,
                                   -math.inf)
        cols = self.reshape(cols, (*x.shape[:2], k, *outsize))
        y = xp.max(cols, axis=2)
        rank = xp.arange(k, 0, -1, dtype=xp.int32, device=self.device_arg(x))
        rank = xp.reshape(rank, (k,) + (1,) * len(outsize))
        hits = xp.astype(cols == xp.expand_dims(y, axis=2), xp.int32) * rank
        return y, k - xp.max(hits, axis=2)

    def spread_windows(self, values: Any, indexes: Any, ksize: tuple[int, ...],
                       stride: tuple[int, ...], pad: tuple[int, ...],
                       size: tuple[int, ...]) -> Any:
        """Each of ``values`` (N, C, *outsize) placed at slot ``indexes`` (flat kernel
        offsets, the same shape) of its window, the windows folded into an image
        (N, C, *size), overlaps summed (max pooling's gradient, unpooling).

        Standard-only path: the values times a one-hot of the slots, then ``fold_windows``.
        """
        xp, nd = self.xp, len(ksize)
        k = math.prod(ksize)
        offsets = xp.arange(k, dtype=indexes.dtype, device=self.device_arg(indexes))
        offsets = xp.reshape(offsets, (k,) + (1,) * nd)
        mask = xp.astype(xp.expand_dims(indexes, axis=2) == offsets, values.dtype)
        slots = (xp.reshape(values, (*values.shape[:2], *(1,) * nd, *values.shape[2:]))
                 * self.reshape(mask, (*values.shape[:2], *ksize, *values.shape[2:])))
        return self.fold_windows(slots, stride, pad, (1,) * nd, size)

    def _windows_along(self, x: Any, axis: int, k: int, s: int, p: int, d: int, o: int,
                       pad_value: float) -> Any:
        """Replace ``axis`` (length n) by two, (k, o): ``[i, j] = x_padded[j * s + i * d]``."""
        span = s * (o - 1) + 1
        x = self._pad_along(x, axis, p, d * (k - 1) + span - p - x.shape[axis], pad_value)
        lead = (slice(None),) * axis
        return self.xp.stack(
            [x[(*lead, slice(i * d, i * d + span, s), ...)] for i in range(k)], axis=axis)

    def _fold_along(self, y: Any, axis: int, s: int, p: int, d: int, n: int) -> Any:
        """Replace axes (k, o) at ``axis`` by one of length ``n``, the adjoint of
        ``_windows_along``: slab i lands at ``j * s + i * d - p`` where that is in [0, n)."""
        xp = self.xp
        k, o = y.shape[axis], y.shape[axis + 1]
        span = s * (o - 1) + 1
        lead = (slice(None),) * axis
        total = None
        for i in range(k):
            start = i * d - p  # where the slab's first entry lands
            lo, hi = max(0, -start), min(span, n - start)  # the part that lands inside
            if lo >= hi:
                continue
            slab = y[(*lead, i, ...)]
            if s > 1:  # interleave s - 1 zeros after each entry
                spread = xp.stack([slab] + [xp.zeros_like(slab)] * (s - 1), axis=axis + 1)
                shape = (*slab.shape[:axis], o * s, *slab.shape[axis + 1:])
                slab = self.reshape(spread, shape)
            slab = slab[(*lead, slice(lo, hi), ...)]
            slab = self._pad_along(slab, axis, start + lo, n - start - hi, 0.0)
            total = slab if total is None else total + slab
        if total is None:  # every window lies in the padding
            shape = (*y.shape[:axis], n, *y.shape[axis + 2:])
            return xp.zeros(shape, dtype=y.dtype, device=self.device_arg(y))
        return total

    def _pad_along(self, x: Any, axis: int, before: int, after: int, value: float) -> Any:
        """``x`` with ``before``/``after`` entries of ``value`` along ``axis`` (<= 0: none)."""
        if before <= 0 and after <= 0:
            return x
        xp = self.xp
        device = self.device_arg(x)

        def filler(width: int) -> list[Any]:
            shape = (*x.shape[:axis], width, *x.shape[axis + 1:])
            return [xp.full(shape, value, dtype=x.dtype, device=device)] if width > 0 else []

        return xp.concat([*filler(before), x, *filler(after)], axis=axis)


def _device_of(array: Any) -> Any:
    """The library's device of ``array`` (array-api-compat fills in for libraries whose
    ``.device`` is not the standard's)."""
    return array_api_compat.device(array)


def _writable(xp: Any) -> bool:
    """Whether ``xp``'s arrays take ``a[key] = value`` (JAX's, for one, do not)."""
    probe = xp.zeros((1,), dtype=xp.float32)
    try:
        probe[0] = 1.0
    except (TypeError, ValueError, NotImplementedError, AttributeError):
        return False
    return True
