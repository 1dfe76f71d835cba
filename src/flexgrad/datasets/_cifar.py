"""CIFAR's binary format, parsed beside the datasets that use it.

Each record of a ``.bin`` member is the label byte(s) then 3,072 pixel bytes: 1,024 red,
1,024 green, 1,024 blue, each plane 32x32 in row-major order. CIFAR-10 has one label
byte; CIFAR-100 has a coarse then a fine label byte. Nothing here unpickles.
"""

from __future__ import annotations

import tarfile
from collections.abc import Sequence

import numpy

PIXELS = 3 * 32 * 32

# The most bytes one member may declare (CIFAR-100's train.bin holds 154 MB); the tar
# stream is inflated no further than a member's declared size.
MAX_MEMBER_BYTES = 1 << 28


class CifarFormatError(ValueError):
    """Bytes or an archive that do not hold CIFAR's binary records."""


def parse_records(data: bytes, label_bytes: int, label_index: int) -> tuple[numpy.ndarray,
                                                                           numpy.ndarray]:
    """``(images, labels)`` from records: images uint8 (n, 3072), labels uint8 (n,).

    ``label_index`` picks which of the ``label_bytes`` label bytes is the label.

    >>> x, t = parse_records(bytes([7] + [1] * 3072 + [2] + [0] * 3072), 1, 0)
    >>> x.shape, t.tolist(), int(x[0, 5])
    ((2, 3072), [7, 2], 1)
    """
    record = label_bytes + PIXELS
    if len(data) % record:
        raise CifarFormatError(f"{len(data)} bytes are not whole records of {record} bytes")
    table = numpy.frombuffer(data, numpy.uint8).reshape(-1, record)
    return table[:, label_bytes:].copy(), table[:, label_index].copy()


def read_archive(path: str, members: dict[str, Sequence[str]], label_bytes: int,
                 label_index: int) -> dict[str, numpy.ndarray]:
    """``{'<split>_x': images, '<split>_y': labels}`` for each split's member files, in order.

    ``members`` maps a split name (``'train'``) to the archive members it concatenates.
    """
    arrays = {}
    try:
        with tarfile.open(path, "r:*") as archive:
            for split, names in members.items():
                parts = [_parse_member(archive, name, label_bytes, label_index)
                         for name in names]
                arrays[split + "_x"] = numpy.concatenate([x for x, _ in parts])
                arrays[split + "_y"] = numpy.concatenate([t for _, t in parts])
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise CifarFormatError(f"not a readable tar archive ({type(exc).__name__}: "
                               f"{exc})") from None
    return arrays


def _parse_member(archive: tarfile.TarFile, name: str, label_bytes: int,
                  label_index: int) -> tuple[numpy.ndarray, numpy.ndarray]:
    """The records of one member, errors naming it."""
    try:
        return parse_records(_member_bytes(archive, name), label_bytes, label_index)
    except CifarFormatError as exc:
        raise CifarFormatError(f"{name}: {exc}") from None


def _member_bytes(archive: tarfile.TarFile, name: str) -> bytes:
    """The bytes of one regular file in ``archive``."""
    try:
        info = archive.getmember(name)
    except KeyError:
        raise CifarFormatError("no such member in the archive") from None
    if info.size > MAX_MEMBER_BYTES:
        raise CifarFormatError(f"declares {info.size} bytes, more than the "
                               f"{MAX_MEMBER_BYTES} a CIFAR member may hold")
    handle = archive.extractfile(info)
    if handle is None:
        raise CifarFormatError("not a regular file")
    with handle:
        return handle.read()
