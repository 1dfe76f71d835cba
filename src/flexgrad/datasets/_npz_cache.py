"""Arrays made once and cached as an ``.npz`` (Chainer's ``cache_or_load_file``), atomically."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any

from ..errors import InvalidValueError
from ..serializers import _npz
from ..serializers._dictionary import write_atomically


def cache_or_load_arrays(where: str, path: str, create: Callable[[], dict[str, Any]],
                         keys: Sequence[str]) -> dict[str, Any]:
    """The arrays cached at ``path``; made by ``create()`` and written there if missing.

    The file is written through a temporary file, so an interrupted run never leaves a
    half-written cache; a cache that cannot be read says so and asks to delete it.
    """
    if not os.path.exists(path):
        arrays = create()
        write_atomically(path, lambda handle: _npz.write(handle, arrays, compression=True))
        return arrays
    try:
        arrays = _npz.read(path)
    except _npz.READ_ERRORS as exc:
        raise InvalidValueError(f"{where}: the cached file {path} is not a readable .npz "
                                f"({type(exc).__name__}: {exc}); delete it so that it is "
                                "made again") from None
    missing = [key for key in keys if key not in arrays]
    if missing:
        raise InvalidValueError(f"{where}: the cached file {path} lacks the arrays "
                                f"{missing}; delete it so that it is made again")
    return arrays
