"""``save_hdf5`` / ``load_hdf5``: HDF5 files (through h5py) with Chainer's key names.

``'l1/W'`` is dataset ``W`` in group ``l1``, as Chainer writes it. h5py is optional: without
it both functions raise an ImportError that says so.
"""

from __future__ import annotations

from typing import IO, Any

from .. import backends
from ..errors import SerializationError
from ._dictionary import collect, file_name_of, load_arrays, write_atomically

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

    Args:
        filename: a path (written through a temporary file, so an interrupted save never
            destroys the old file) or a binary file object.
        obj: anything with ``serialize(serializer)``.
        compression: the gzip level (0 to 9) of non-scalar datasets; 0 for none.
    """
    h5py = _require("save_hdf5")
    arrays = collect(obj)

    def write(handle: IO[bytes]) -> None:
        with h5py.File(handle, "w") as file:
            for key, array in arrays.items():
                options = ({"compression": "gzip", "compression_opts": compression}
                           if compression and array.ndim else {})
                file.create_dataset(key, data=array, **options)

    write_atomically(filename, write)


def load_hdf5(filename: Any, obj: Any) -> None:
    """Load an HDF5 file into ``obj`` (strictly; everything is checked before any is set).

    Raises:
        flexgrad.errors.SerializationError: a damaged file, or an entry missing, extra,
            or of a shape or dtype that does not fit; it names the file and the key.
    """
    h5py = _require("load_hdf5")
    name = file_name_of(filename)
    arrays: dict[str, Any] = {}

    def take(key: str, item: Any) -> None:
        if isinstance(item, h5py.Dataset):
            arrays[key] = backends.NUMPY.as_array(item[()])

    try:
        with h5py.File(filename, "r") as file:
            file.visititems(take)
    except (OSError, ValueError, KeyError, RuntimeError) as exc:
        raise SerializationError(
            f"flexgrad.serializers.load_hdf5: {name}: not a readable HDF5 file "
            f"({type(exc).__name__}: {exc})"
        ) from exc
    load_arrays(arrays, obj, "", True, None, name)
