"""Batching examples into arrays: Chainer's ``concat_examples`` and ``to_device``.

Stacking and padding go through the arrays' own Array API namespace, so a batch of Dask
or ``array_api_strict`` arrays stays on its backend (and lazy on Dask, in few chunks rather
than one or more per example). Host examples are batched on the host and sent at once.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

from .. import backends
from ..errors import describe
from ._check import fail

_WHERE = "flexgrad.dataset.concat_examples"


def to_device(device: Any, x: Any) -> Any:
    """``x`` sent to ``device`` (any spec ``flexgrad.get_device`` takes, or Chainer's int:
    -1 for the CPU, >= 0 for a GPU); ``device=None`` and ``x=None`` return ``x`` as is."""
    if device is None or x is None:
        return x
    try:
        target = backends.get_device(device)
    except (ValueError, TypeError) as exc:
        fail("flexgrad.dataset.to_device", "device",
             "a device spec ('@numpy', '@cupy:0', '@dask', '@array_api_strict') or an int",
             f"{device!r} ({exc})")
    if not backends.is_array(x):
        fail("flexgrad.dataset.to_device", "x", "an array or None", x, kind="type")
    return target.send(x)


def concat_examples(batch: Sequence[Any], device: Any = None, padding: Any = None) -> Any:
    """Stack a list of examples into one batch, Chainer's way.

    Args:
        batch: examples, each an array, a tuple of arrays or a dict of arrays (all alike).
            Python numbers and lists become NumPy arrays.
        device: where the result goes: a spec (``'@numpy'``, ``'@dask'``, ``'@cupy:0'``,
            ``'@array_api_strict'``), a Chainer int (-1 CPU, >= 0 GPU), or None to keep
            the examples' backend.
        padding: None (shapes must match), or a scalar to pad ragged arrays up to the
            largest shape; a tuple (dict) gives one per tuple (dict) entry.

    Returns:
        An array of shape ``(len(batch), *shape)``, or a tuple or dict of such arrays.

    >>> import numpy as np
    >>> concat_examples([(np.ones(2), 0), (np.zeros(3), 1)], padding=-1)
    (array([[ 1.,  1., -1.],
           [ 0.,  0.,  0.]]), array([0, 1]))
    """
    if isinstance(batch, (str, bytes)) or not hasattr(batch, "__len__"):
        fail(_WHERE, "batch", "a list of examples", batch, kind="type")
    if len(batch) == 0:
        fail(_WHERE, "batch", "a non-empty list of examples", "an empty batch")
    first = batch[0]
    if isinstance(first, tuple):
        pads = padding if isinstance(padding, tuple) else (padding,) * len(first)
        if len(pads) != len(first):
            fail(_WHERE, "padding", f"a tuple of {len(first)} values (one per entry)",
                 repr(padding))
        return tuple(to_device(device, _concat([_entry(ex, i, j) for j, ex in enumerate(batch)],
                                               pads[i], f"batch[*][{i}]"))
                     for i in range(len(first)))
    if isinstance(first, dict):
        pads = padding if isinstance(padding, dict) else dict.fromkeys(first, padding)
        return {key: to_device(device, _concat([_entry(ex, key, j) for j, ex in enumerate(batch)],
                                               pads.get(key), f"batch[*][{key!r}]"))
                for key in first}
    return to_device(device, _concat(list(batch), padding, "batch"))


def _entry(example: Any, key: Any, j: int) -> Any:
    """``example[key]``, with an error naming the example when it does not fit the first."""
    try:
        return example[key]
    except (IndexError, KeyError, TypeError):
        fail(_WHERE, "batch", f"every example shaped like batch[0] (with entry {key!r})",
             f"batch[{j}] = {type(example).__name__} {example!r}"[:200])


def _concat(arrays: list[Any], padding: Any, arg: str) -> Any:
    """One array stacking ``arrays`` along a new first axis, padded if asked."""
    if not backends.is_array(arrays[0]):
        try:
            return backends.NUMPY.as_array(arrays)
        except (ValueError, TypeError) as exc:
            fail(_WHERE, arg, "arrays, numbers or equal-length lists",
                 f"{arrays[0]!r}... ({exc})"[:200])
    backend = backends.backend_of(arrays[0])
    for j, array in enumerate(arrays):
        if not backends.is_array(array) or backends.backend_of(array) is not backend:
            fail(_WHERE, arg, f"arrays of one backend ({backend.name}, as entry 0)",
                 f"entry {j}: " + describe(array), kind="type")
    if padding is not None:
        arrays = _pad_to_common_shape(backend.xp, arrays, padding, arg)
    else:
        shape = tuple(arrays[0].shape)
        for j, array in enumerate(arrays):
            if tuple(array.shape) != shape:
                fail(_WHERE, arg, f"arrays of one shape {shape} (or pass padding=)",
                     f"entry {j}: " + describe(array))
    batched = backend.xp.stack(arrays, axis=0)
    return backend.coalesce(batched, *range(batched.ndim))


def _pad_to_common_shape(xp: Any, arrays: list[Any], padding: Any, arg: str) -> list[Any]:
    """Each array padded at the end of every axis with ``padding`` up to the largest shape."""
    ndim = arrays[0].ndim
    for j, array in enumerate(arrays):
        if array.ndim != ndim:
            fail(_WHERE, arg, f"arrays of {ndim} dimensions (as entry 0) to pad",
                 f"entry {j}: " + describe(array))
    target = [max(array.shape[a] for array in arrays) for a in range(ndim)]
    padded = []
    for array in arrays:
        for axis in range(ndim):
            missing = target[axis] - array.shape[axis]
            if missing > 0:
                shape = (*array.shape[:axis], missing, *array.shape[axis + 1:])
                device = backends.backend_of(array).device_arg(array)
                filler = xp.full(shape, padding, dtype=array.dtype, device=device)
                array = xp.concat([array, filler], axis=axis)
        padded.append(array)
    return padded


class Converter:
    """Base of converters (Chainer's): ``converter(batch, device)`` makes a batch of arrays."""

    def __call__(self, batch: Sequence[Any], device: Any = None) -> Any:
        raise NotImplementedError


class _FunctionConverter(Converter):
    def __init__(self, func: Callable[..., Any]) -> None:
        self._func = func
        functools.update_wrapper(self, func)

    def __call__(self, batch: Sequence[Any], device: Any = None, **kwargs: Any) -> Any:
        return self._func(batch, device, **kwargs)


def converter() -> Callable[[Callable[..., Any]], Converter]:
    """Decorator (Chainer's ``@converter()``): turn ``f(batch, device)`` into a Converter."""
    return _FunctionConverter
