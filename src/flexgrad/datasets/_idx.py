"""The IDX file format (MNIST's), parsed beside the datasets that use it.

An IDX file is two zero bytes, a type code, the number of dimensions, each dimension as
a big-endian uint32, then the values, big-endian, in C order. MNIST ships it gzipped.
The header is checked against a bound before any data is read or inflated, and gzip is
inflated as a stream, never past what the header declares.
"""

from __future__ import annotations

import gzip
import io
import math
import zlib
from typing import IO

import numpy

# Type code -> big-endian NumPy dtype.
_TYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}

# The most bytes of data an IDX file may declare (MNIST's largest holds 47 MB).
MAX_BYTES = 1 << 30


class IdxFormatError(ValueError):
    """Bytes that are not a well-formed IDX file."""


def parse(data: bytes, max_bytes: int = MAX_BYTES) -> numpy.ndarray:
    """The array in IDX ``data`` (gzip-compressed or not), in native byte order.

    >>> parse(bytes([0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 1, 7, 9]))
    array([[7],
           [9]], dtype=uint8)
    """
    return read(io.BytesIO(data), max_bytes)


def read(handle: IO[bytes], max_bytes: int = MAX_BYTES) -> numpy.ndarray:
    """The array in the IDX file open as ``handle`` (gzip-compressed or not)."""
    gzipped = handle.read(2) == b"\x1f\x8b"
    handle.seek(0)
    stream = gzip.GzipFile(fileobj=handle) if gzipped else handle
    try:
        return _parse_stream(stream, max_bytes)
    except (OSError, EOFError, zlib.error) as exc:
        raise IdxFormatError(f"a damaged gzip stream ({exc})") from None


def _parse_stream(stream: IO[bytes], max_bytes: int) -> numpy.ndarray:
    """Header first, checked; then exactly the data it declares, and nothing after."""
    magic = stream.read(4)
    if len(magic) < 4 or magic[:2] != b"\x00\x00":
        raise IdxFormatError(f"no IDX header (the file starts with {magic!r})")
    code, ndim = magic[2], magic[3]
    if code not in _TYPES:
        raise IdxFormatError(f"unknown IDX type code 0x{code:02x}")
    dims = stream.read(4 * ndim)
    if len(dims) < 4 * ndim:
        raise IdxFormatError(f"the header of {ndim} dimensions is cut short")
    shape = tuple(int(d) for d in numpy.frombuffer(dims, ">u4", ndim))
    dtype = numpy.dtype(_TYPES[code])
    nbytes = math.prod(shape) * dtype.itemsize  # Python ints: no wrapping
    if nbytes > max_bytes:
        raise IdxFormatError(f"the header declares shape {shape} of {dtype.name}, "
                             f"{nbytes} bytes, more than the {max_bytes} allowed")
    data = stream.read(nbytes)
    size = 4 + 4 * ndim + len(data)
    if len(data) != nbytes or stream.read(1):
        has = str(size) if len(data) != nbytes else f"more than {size}"
        raise IdxFormatError(f"shape {shape} of {dtype.name} needs {4 + 4 * ndim + nbytes} "
                             f"bytes, the file has {has}")
    values = numpy.frombuffer(data, dtype)
    return values.astype(dtype.newbyteorder("="), copy=True).reshape(shape)
