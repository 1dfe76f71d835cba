"""The ``.npz`` file format: NumPy's, so its reading and writing live with the backends.

Nothing here ever unpickles: object arrays are refused on both sides.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Mapping
from typing import IO, Any

import numpy

# What a damaged or foreign file raises inside numpy.load / zipfile.
READ_ERRORS = (OSError, EOFError, ValueError, zipfile.BadZipFile, KeyError)


def write(file: IO[bytes], arrays: Mapping[str, numpy.ndarray], compression: bool) -> None:
    """Write ``arrays`` (NumPy arrays by key) to the open binary ``file``."""
    save = numpy.savez_compressed if compression else numpy.savez
    save(file, **arrays)


def read(file: Any) -> dict[str, numpy.ndarray]:
    """Every array in an ``.npz`` path or open file, read in full (so damage shows now)."""
    if isinstance(file, (str, os.PathLike)):
        with open(file, "rb") as handle:  # numpy.load leaks its own handle on some errors
            return read(handle)
    npz = numpy.load(file, allow_pickle=False)
    if not isinstance(npz, Mapping):
        raise ValueError("a single .npy array, not an .npz archive")
    with npz:
        return {key: npz[key] for key in npz.files}
