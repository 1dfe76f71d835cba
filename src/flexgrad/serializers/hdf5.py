"""``save_hdf5`` / ``load_hdf5``: HDF5 files (through h5py) with Chainer's key names.

``'l1/W'`` is dataset ``W`` in group ``l1``, as Chainer writes it. h5py is optional: without
it both functions raise an ImportError that says so.
"""

from __future__ import annotations

from typing import IO, Any

from ..errors import SerializationError
from ._dictionary import collect, load_arrays
from ._entry import READ_ERRORS, reason
from ._files import file_name_of, write_atomically

try:
    import h5py as _h5py
except ImportError:  # pragma: no cover - depends on the environment
    _h5py = None


def _require(fn: str) -> Any:
    if _h5py is None:
        raise ImportError(f"flexgrad.serializers.{fn} needs h5py, which is not installed "
                          "(pip install h5py); save_npz/load_npz need nothing extra")
    return _h5py


def save_hdf5(filename: Any, obj: Any, compression: int = 4) -> None:
    """Save everything ``obj.serialize`` hands over to an HDF5 file.

    Each dataset carries a CRC-32 of its bytes (and HDF5's Fletcher-32 filter where it
    has any elements), which ``load_hdf5`` verifies, so damage never loads silently.

    Args:
        filename: a path (written through a temporary file, so an interrupted save never
            destroys the old file) or a binary file object.
        obj: anything with ``serialize(serializer)``.
        compression: the gzip level (0 to 9) of non-scalar datasets; 0 for none.
    """
    h5py = _require("save_hdf5")
    from . import _h5file

    arrays = collect(obj)

    def write(handle: IO[bytes]) -> None:
        with h5py.File(handle, "w") as file:
            _h5file.write(file, arrays, compression)

    write_atomically(filename, write)


def load_hdf5(filename: Any, obj: Any) -> None:
    """Load an HDF5 file into ``obj`` (strictly; everything is checked before any is set).

    The file is untrusted: a dataset stored outside it (external storage, a virtual
    dataset) or reached through a link other than its own hard link is refused before any
    data is read, and no dataset is read before its shape and dtype are found to fit.

    Raises:
        flexgrad.errors.SerializationError: a damaged or hostile file, or an entry
            missing, extra, or of a shape or dtype that does not fit; it names the file and
            the key.
    """
    h5py = _require("load_hdf5")
    from . import _h5file

    name = file_name_of(filename)
    try:
        file = h5py.File(filename, "r")
    except READ_ERRORS as exc:
        raise _unreadable(name, exc) from exc
    with file:
        try:
            entries = _h5file.entries(file)
        except _h5file.RefusedError as exc:
            raise SerializationError(f"flexgrad.serializers.load_hdf5: {name}: {exc}") from None
        except READ_ERRORS as exc:
            raise _unreadable(name, exc) from exc
        load_arrays(entries, obj, "", True, None, name, caller="load_hdf5")


def _unreadable(name: str, exc: BaseException) -> SerializationError:
    return SerializationError(f"flexgrad.serializers.load_hdf5: {name}: not a readable HDF5 "
                              f"file ({reason(exc)})")
