"""The IDX file format (MNIST's), parsed beside the datasets that use it.

An IDX file is two zero bytes, a type code, the number of dimensions, each dimension as
a big-endian uint32, then the values, big-endian, in C order. MNIST ships it gzipped.
"""

from __future__ import annotations

import gzip

import numpy

# Type code -> big-endian NumPy dtype.
_TYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


class IdxFormatError(ValueError):
    """Bytes that are not a well-formed IDX file."""


def parse(data: bytes) -> numpy.ndarray:
    """The array in IDX ``data`` (gzip-compressed or not), in native byte order.

    >>> parse(bytes([0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 1, 7, 9]))
    array([[7],
           [9]], dtype=uint8)
    """
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise IdxFormatError(f"a damaged gzip stream ({exc})") from None
    if len(data) < 4 or data[:2] != b"\x00\x00":
        raise IdxFormatError(f"no IDX header (the file starts with {data[:4]!r})")
    code, ndim = data[2], data[3]
    if code not in _TYPES:
        raise IdxFormatError(f"unknown IDX type code 0x{code:02x}")
    header = 4 + 4 * ndim
    if len(data) < header:
        raise IdxFormatError(f"the header of {ndim} dimensions is cut short")
    shape = tuple(int(d) for d in numpy.frombuffer(data, ">u4", ndim, offset=4))
    dtype = numpy.dtype(_TYPES[code])
    count = int(numpy.prod(shape, dtype=numpy.int64))
    expected = header + count * dtype.itemsize
    if len(data) != expected:
        raise IdxFormatError(
            f"shape {shape} of {dtype.name} needs {expected} bytes, the file has {len(data)}")
    values = numpy.frombuffer(data, dtype, count, offset=header)
    return values.astype(dtype.newbyteorder("="), copy=True).reshape(shape)
