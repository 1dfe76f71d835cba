"""A stored array known by its header: its shape and dtype come before any of its data.

Loaders compare the header with what the target holds and only then read, so a file
cannot make a load allocate more than the target needs (a size or decompression bomb).
"""

from __future__ import annotations

import math
import zipfile
import zlib
from collections.abc import Callable

import numpy

# What a damaged, foreign or hostile file raises while being read (zipfile, zlib, h5py).
READ_ERRORS = (OSError, EOFError, ValueError, KeyError, TypeError, zipfile.BadZipFile,
               zlib.error, NotImplementedError, RuntimeError)


class Entry:
    """One array in a file: ``shape`` and ``dtype`` from its header, the data on ``read()``.

    ``read`` keeps the array, so the checking pass of a load reads it (and any damage
    shows there) and the assigning pass reuses it.
    """

    __slots__ = ("shape", "dtype", "_reader", "_array")

    def __init__(self, shape: tuple[int, ...], dtype: numpy.dtype,
                 reader: Callable[[], numpy.ndarray]) -> None:
        self.shape = tuple(shape)
        self.dtype = numpy.dtype(dtype)
        self._reader = reader
        self._array: numpy.ndarray | None = None

    @classmethod
    def of(cls, array: numpy.ndarray) -> Entry:
        """An array already in memory (a dict of arrays passed to a deserializer)."""
        return cls(array.shape, array.dtype, lambda: array)

    @property
    def ndim(self) -> int:
        return len(self.shape)

    @property
    def size(self) -> int:
        return math.prod(self.shape)

    def describe(self) -> str:
        """``'float32 array of shape (2, 3)'``, as the header declares it."""
        return f"{self.dtype} array of shape {self.shape}"

    def read(self) -> numpy.ndarray:
        """The data, read once; a file whose data disagrees with its header is refused."""
        if self._array is None:
            array = numpy.asarray(self._reader())
            if array.shape != self.shape or array.dtype != self.dtype:
                raise ValueError(f"the data ({array.dtype} of shape {array.shape}) does not "
                                 f"match its header ({self.describe()})")
            self._array = array
        return self._array


def is_plain(dtype: numpy.dtype) -> bool:
    """Whether ``dtype`` is a plain number or bool (not bytes, text, objects or records)."""
    return dtype.kind in "biufc" and dtype.fields is None and not dtype.hasobject


def reason(exc: BaseException) -> str:
    """``exc`` for a message: its text, after its type (``zlib.error``) unless a ValueError
    of flexgrad's own wording."""
    kind = type(exc)
    if kind is ValueError:
        return str(exc)
    module = "" if kind.__module__ == "builtins" else kind.__module__ + "."
    return f"{module}{kind.__qualname__}: {exc}"
