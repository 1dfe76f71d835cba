"""``save_npz`` / ``load_npz``: NumPy's ``.npz`` files with Chainer's key names."""

from __future__ import annotations

import contextlib
from typing import Any

from ..errors import SerializationError
from . import _npz
from ._dictionary import IgnoreNames, collect, load_arrays
from ._entry import reason
from ._files import file_name_of, write_atomically


def save_npz(file: Any, obj: Any, compression: bool = True) -> None:
    """Save everything ``obj.serialize`` hands over (a link, an optimizer) to ``file``.

    Args:
        file: a path, or a binary file object. A path is written through a temporary file
            in the same directory, so an interrupted save never destroys the old file.
        obj: anything with ``serialize(serializer)``.
        compression: whether to zip-compress the arrays.

    >>> import io, numpy as np, flexgrad
    >>> class Box:
    ...     w = np.ones(2, dtype=np.float32)
    ...     def serialize(self, s):
    ...         self.w = s('w', self.w)
    >>> buffer = io.BytesIO()
    >>> flexgrad.serializers.save_npz(buffer, Box())
    """
    arrays = collect(obj)
    write_atomically(file, lambda handle: _npz.write(handle, arrays, compression))


def load_npz(file: Any, obj: Any, path: str = "", strict: bool = True,
             ignore_names: IgnoreNames = None) -> None:
    """Load ``file`` into ``obj`` (through ``obj.serialize``); all checked before any is set.

    Args:
        file: a path, or a binary file object, written by ``save_npz`` (flexgrad's or
            Chainer's, for the same layout).
        obj: anything with ``serialize(serializer)``.
        path: the prefix in the file to load from (e.g. ``'updater/model:main/'``).
        strict: whether entries missing from the file, or in the file but not asked for
            by ``obj``, are errors.
        ignore_names: a key, a predicate on keys, or a list of them, to leave alone.

    Each member's ``.npy`` header is checked against the object before the member is
    inflated, so a small file cannot make the load allocate more than the object holds.

    Raises:
        flexgrad.errors.SerializationError: a damaged file, or an entry missing, extra,
            or of a shape or dtype that does not fit; it names the file and the key.

    >>> import io, numpy as np, flexgrad
    >>> class Box:
    ...     def __init__(self, v):
    ...         self.w = np.full(2, v, dtype=np.float32)
    ...     def serialize(self, s):
    ...         self.w = s('w', self.w)
    >>> buffer = io.BytesIO()
    >>> flexgrad.serializers.save_npz(buffer, Box(3.0))
    >>> box = Box(0.0)
    >>> flexgrad.serializers.load_npz(io.BytesIO(buffer.getvalue()), box)
    >>> box.w
    array([3., 3.], dtype=float32)
    """
    name = file_name_of(file)
    with contextlib.ExitStack() as stack:
        try:
            entries = stack.enter_context(_npz.entries(file))
        except _npz.READ_ERRORS as exc:
            raise SerializationError(
                f"flexgrad.serializers.load_npz: {name}: not a readable .npz file "
                f"({reason(exc)})"
            ) from exc
        load_arrays(entries, obj, path, strict, ignore_names, name, caller="load_npz")
