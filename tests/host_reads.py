"""A hook counting host reads of arrays (``bool()``, ``int()``, ``.item()``...) during a
block: on a GPU each one is a device-to-host sync that stalls the training loop."""

from __future__ import annotations

import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy

# every way an array's values reach Python or NumPy on the host
READS = ("__bool__", "__int__", "__float__", "__index__", "__complex__", "item", "tolist",
         "__array__", "__dlpack__", "numpy", "get")


class HostReads:
    """How many host reads a block made, and the line of flexgrad that made the first few."""

    def __init__(self) -> None:
        self.count = 0
        self.where: list[str] = []

    def record(self, name: str) -> None:
        self.count += 1
        if len(self.where) < 5:
            frames = [f for f in traceback.extract_stack()[:-2] if "flexgrad" in f.filename]
            place = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else "?"
            self.where.append(f"{name} at {place}")


class WatchedArray(numpy.ndarray):
    """NumPy arrays whose host reads are counted (NumPy's own type cannot be patched);
    results computed from them (ufuncs, reductions) are watched too."""

    reads: HostReads | None = None


def _counted(original: Any, name: str, owner: Any) -> Any:
    def read(self: Any, *args: Any, **kwargs: Any) -> Any:
        if owner.reads is not None:
            owner.reads.record(name)
        return original(self, *args, **kwargs)

    return read


for _name in READS:
    if hasattr(numpy.ndarray, _name):
        setattr(WatchedArray, _name, _counted(getattr(numpy.ndarray, _name), _name,
                                              WatchedArray))


def watch(array: Any) -> Any:
    """``array`` as a :class:`WatchedArray` (a NumPy array) or unchanged (other libraries)."""
    return array.view(WatchedArray) if type(array) is numpy.ndarray else array


@contextmanager
def counting(array_type: type) -> Iterator[HostReads]:
    """Count host reads of ``array_type`` (a Python class: array_api_strict's, torch's) or
    of :class:`WatchedArray` inside the block; an extension type that refuses the patch
    is not counted."""
    reads = HostReads()
    if array_type is WatchedArray:
        WatchedArray.reads = reads
        try:
            yield reads
        finally:
            WatchedArray.reads = None
        return
    holder = type("Holder", (), {"reads": reads})
    saved = {name: array_type.__dict__[name] for name in READS if name in array_type.__dict__}
    for name in READS:
        if hasattr(array_type, name):
            try:
                setattr(array_type, name, _counted(getattr(array_type, name), name, holder))
            except TypeError:  # an extension type (CuPy's): its own sync guard must serve
                break
    try:
        yield reads
    finally:
        for name in READS:
            if name in saved:
                setattr(array_type, name, saved[name])
            elif name in array_type.__dict__:
                delattr(array_type, name)
