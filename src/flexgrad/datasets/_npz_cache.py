"""Arrays made once and cached as an ``.npz`` (Chainer's ``cache_or_load_file``), atomically."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import Any

from ..errors import InvalidValueError
from ..serializers import _npz
from ..serializers._dictionary import write_atomically

# The most bytes one cached array may declare (CIFAR's training images hold 154 MB).
MAX_BYTES = 1 << 30

_KINDS = {"u": "an unsigned integer", "iu": "an integer"}


def cache_or_load_arrays(where: str, path: str, create: Callable[[], dict[str, Any]],
                         kinds: Mapping[str, str]) -> dict[str, Any]:
    """The arrays cached at ``path``; made by ``create()`` and written there if missing.

    ``kinds`` maps each key to the NumPy dtype kinds it may hold (``'u'``, ``'iu'``). A
    cached array's declared dtype and size are checked before its data is inflated; the
    file is written through a temporary file, so an interrupted run never leaves a
    half-written cache. A cache that fails asks to be deleted.
    """
    if not os.path.lexists(path):
        arrays = create()
        write_atomically(path, lambda handle: _npz.write(handle, arrays, compression=True))
        return arrays
    try:
        with _npz.entries(path) as found:
            return {key: _checked(where, path, key, found, kind).read()
                    for key, kind in kinds.items()}
    except _npz.READ_ERRORS as exc:
        raise stale(where, path, f"not a readable .npz ({type(exc).__name__}: {exc})") from None


def _checked(where: str, path: str, key: str, found: Mapping[str, Any], kind: str) -> Any:
    """The entry ``key``, present, of dtype kind ``kind`` and at most MAX_BYTES."""
    if key not in found:
        raise stale(where, path, f"lacks the array '{key}'")
    entry = found[key]
    if entry.dtype.kind not in kind or entry.size * entry.dtype.itemsize > MAX_BYTES:
        raise stale(where, path, f"'{key}' is {entry.describe()}, expected {_KINDS[kind]} "
                                 f"array of at most {MAX_BYTES} bytes")
    return entry


def stale(where: str, path: str, what: str) -> InvalidValueError:
    """The error for a cache file that cannot be used: what differs, and the way out."""
    return InvalidValueError(f"{where}: the cached file {path}: {what}; delete it so that "
                             "it is made again")
