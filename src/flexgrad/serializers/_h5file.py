"""HDF5 files as entries, following nothing outside the file.

HDF5 can keep a dataset's values in other files (external raw storage, virtual datasets)
and link names to other files or paths (external and soft links). A loaded file is
untrusted, so all of these are refused from metadata alone, before any data is read: a
load must never read another file of the loading machine. Saves add a CRC-32 of each
dataset's bytes (and HDF5's Fletcher-32 filter where the dataset can be chunked), which
loads verify when present.
"""

from __future__ import annotations

import functools
import zlib
from typing import Any

import h5py
import numpy
from h5py import h5d, h5o, h5z

from ._entry import Entry, is_plain

CHECKSUM = "flexgrad_crc32"

# HDF5's own filters and h5py's LZF: none of them loads a plugin library.
_KNOWN_FILTERS = {h5z.FILTER_DEFLATE: "gzip", h5z.FILTER_SHUFFLE: "shuffle",
                  h5z.FILTER_FLETCHER32: "fletcher32", h5z.FILTER_SZIP: "szip",
                  h5z.FILTER_NBIT: "nbit", h5z.FILTER_SCALEOFFSET: "scaleoffset",
                  h5z.FILTER_LZF: "lzf"}


class RefusedError(ValueError):
    """A file that asks the loader to look outside it, or to trust an ambiguous name."""


def write(file: h5py.File, arrays: dict[str, numpy.ndarray], compression: int) -> None:
    """Write ``arrays`` by path into the open ``file``, each with its checksum."""
    for key, array in arrays.items():
        chunked = array.ndim > 0 and array.size > 0
        options: dict[str, Any] = {"fletcher32": True} if chunked else {}
        if compression and chunked:
            options.update(compression="gzip", compression_opts=compression)
        dataset = file.create_dataset(key, data=array, **options)
        dataset.attrs[CHECKSUM] = numpy.uint32(_crc32(array))


def entries(file: h5py.File) -> dict[str, Entry]:
    """Every dataset under the open ``file`` by path ('l1/W'), its links and storage checked."""
    found: dict[str, Entry] = {}
    _walk(file, "", found)
    return found


def _walk(group: h5py.Group, prefix: str, found: dict[str, Entry]) -> None:
    """Add the datasets under ``group``, refusing any link that is not its object's one
    plain hard link."""
    for name in group:
        key = prefix + name
        _check_link(group.get(name, getlink=True), key)
        item = group[name]
        links = h5o.get_info(item.id).rc
        if links != 1:
            raise RefusedError(f"'{key}' is one of {links} hard links to the same object, so "
                               "its name is ambiguous (a file flexgrad saved has one each)")
        if isinstance(item, h5py.Group):
            _walk(item, key + "/", found)
        elif isinstance(item, h5py.Dataset):
            found[key] = _entry(item, key)
        else:
            raise RefusedError(f"'{key}' is a {type(item).__name__}, not a dataset or group")


def _check_link(link: Any, key: str) -> None:
    """Only hard links: a soft or external link names something elsewhere."""
    if isinstance(link, h5py.HardLink):
        return
    if isinstance(link, h5py.ExternalLink):
        target = f"'{link.path}' in the file {link.filename}"
    else:
        target = f"'{getattr(link, 'path', '?')}'"
    raise RefusedError(f"'{key}' is a {type(link).__name__} to {target}; flexgrad loads only "
                       "datasets stored under their own name")


def _entry(dataset: h5py.Dataset, key: str) -> Entry:
    """The dataset's declared shape and dtype, once its storage is known to be in the file."""
    plist = dataset.id.get_create_plist()
    if plist.get_layout() == h5d.VIRTUAL:
        raise RefusedError(f"'{key}' is a virtual dataset, whose values live in other "
                           "files; flexgrad loads only data stored in the file itself")
    if plist.get_external_count():
        where = plist.get_external(0)[0].decode(errors="replace")
        raise RefusedError(f"'{key}' is stored outside the file (in {where}); flexgrad "
                           "loads only data stored in the file itself")
    _check_filters(plist, key)
    if dataset.shape is None or not is_plain(dataset.dtype):
        raise RefusedError(f"'{key}' holds {dataset.dtype} of shape {dataset.shape}, not an "
                           "array of numbers")
    return Entry(dataset.shape, dataset.dtype, functools.partial(_data, dataset, key))


def _check_filters(plist: Any, key: str) -> None:
    """Only filters built into HDF5 and h5py: another would make HDF5 load a plugin."""
    for index in range(plist.get_nfilters()):
        code = plist.get_filter(index)[0]
        if code not in _KNOWN_FILTERS:
            raise RefusedError(f"'{key}' needs the HDF5 filter {code}, a plugin; flexgrad "
                               f"reads only {sorted(_KNOWN_FILTERS.values())}")


def _data(dataset: h5py.Dataset, key: str) -> numpy.ndarray:
    """The dataset's array, checked against its CRC-32 where the file has one."""
    array = numpy.asarray(dataset[()])
    expected = _stored_checksum(dataset, key)
    if expected is not None and _crc32(array) != expected:
        raise ValueError(f"the data of '{key}' does not match its checksum: the file is "
                         "damaged")
    return array


def _stored_checksum(dataset: h5py.Dataset, key: str) -> int | None:
    """The CRC-32 saved with the dataset, or None for a file saved without one."""
    if CHECKSUM not in dataset.attrs:
        return None
    attribute = dataset.attrs.get_id(CHECKSUM)
    if attribute.shape != () or attribute.dtype.kind not in "ui":
        raise ValueError(f"the checksum of '{key}' is {attribute.dtype} of shape "
                         f"{attribute.shape}, not one integer")
    return int(dataset.attrs[CHECKSUM])


def _crc32(array: numpy.ndarray) -> int:
    """The CRC-32 of the array's bytes in C order."""
    return zlib.crc32(numpy.ascontiguousarray(array).data)
