"""The ``.npz`` file format (NumPy's zip of ``.npy`` members), read header first.

Nothing here ever unpickles: object arrays are refused on both sides. Opening an archive
parses each member's ``.npy`` header and inflates none of its data, so a loader can refuse a
member whose declared shape does not fit before it costs any memory.
"""

from __future__ import annotations

import contextlib
import functools
import os
import zipfile
from collections.abc import Iterator, Mapping
from typing import IO, Any

import numpy
from numpy.lib import format as npy

from ._entry import READ_ERRORS, Entry, reason

__all__ = ["READ_ERRORS", "entries", "read", "write"]

_HEADER_READERS = {(1, 0): npy.read_array_header_1_0, (2, 0): npy.read_array_header_2_0}


def write(file: IO[bytes], arrays: Mapping[str, numpy.ndarray], compression: bool) -> None:
    """Write ``arrays`` (NumPy arrays by key) to the open binary ``file``."""
    save = numpy.savez_compressed if compression else numpy.savez
    save(file, **arrays)


def read(file: Any) -> dict[str, numpy.ndarray]:
    """Every array in an ``.npz`` path or open file, read in full (so damage shows now)."""
    with entries(file) as found:
        return {key: entry.read() for key, entry in found.items()}


@contextlib.contextmanager
def entries(file: Any) -> Iterator[dict[str, Entry]]:
    """The members of an ``.npz`` path or open file by key, their headers read, while open."""
    with contextlib.ExitStack() as stack:
        if isinstance(file, (str, os.PathLike)):
            file = stack.enter_context(open(file, "rb"))
        _refuse_single_npy(file)
        archive = stack.enter_context(zipfile.ZipFile(file))
        yield _members(archive)


def _refuse_single_npy(file: IO[bytes]) -> None:
    """A lone ``.npy`` is not an archive; say so rather than 'not a zip file'."""
    start = file.tell()
    magic = file.read(len(npy.MAGIC_PREFIX))
    file.seek(start)
    if magic == npy.MAGIC_PREFIX:
        raise ValueError("a single .npy array, not an .npz archive")


def _members(archive: zipfile.ZipFile) -> dict[str, Entry]:
    """Each member's entry by key ('W' for 'W.npy'); two members of one key are an error."""
    found: dict[str, Entry] = {}
    for info in archive.infolist():
        key = info.filename.removesuffix(".npy")
        if key in found:
            raise ValueError(f"two members hold the key '{key}' (the second is "
                             f"'{info.filename}'); the archive is ambiguous")
        found[key] = _entry(archive, info)
    return found


def _entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Entry:
    """The member's declared shape and dtype, from its ``.npy`` header alone."""
    try:
        with archive.open(info) as member:
            shape, dtype = _header(member)
    except READ_ERRORS as exc:
        raise ValueError(f"member '{info.filename}': {reason(exc)}") from exc
    return Entry(shape, dtype, functools.partial(_data, archive, info))


def _header(member: IO[bytes]) -> tuple[tuple[int, ...], numpy.dtype]:
    """The shape and dtype the ``.npy`` header of ``member`` declares, checked for sense."""
    try:
        version = npy.read_magic(member)
    except ValueError:
        raise ValueError("not a .npy array (no NumPy magic)") from None
    if version not in _HEADER_READERS:
        raise ValueError(f"has .npy format version {version}, which flexgrad does "
                         "not read (1.0 and 2.0 are read)")
    shape, _, dtype = _HEADER_READERS[version](member)
    if dtype.hasobject:
        raise ValueError("holds Python objects, which would need a pickle; "
                         "flexgrad never unpickles (allow_pickle=False)")
    if any(n < 0 for n in shape):
        raise ValueError(f"declares the negative shape {shape}")
    return shape, dtype


def _data(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> numpy.ndarray:
    """The member's array, inflating exactly the bytes its header declares, then checking
    that nothing follows them (reaching the end also checks the member's CRC)."""
    with archive.open(info) as member:
        array = npy.read_array(member, allow_pickle=False)
        if member.read(1):
            raise ValueError(f"member '{info.filename}' has bytes beyond the "
                             f"{array.dtype} array of shape {array.shape} it declares")
    return array
