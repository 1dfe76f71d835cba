"""Saving to and loading from a flat dict of NumPy arrays keyed by ``'l1/W'`` paths.

Both file formats go through here: a save collects the whole object into a dict before
a byte is written, and a load reads the whole file, checks every entry against the
object, and only then assigns, so a bad file leaves the object as it was.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from typing import Any

import numpy

from .. import backends
from ..errors import SerializationError, describe
from ._base import Deserializer, Serializer
from ._entry import READ_ERRORS, Entry, is_plain, reason
from ._files import file_name_of as file_name_of  # re-exported: the savers' helpers
from ._files import write_atomically as write_atomically

IgnoreNames = str | Callable[[str], bool] | list[str | Callable[[str], bool]] | None


class DictionarySerializer(Serializer):
    """Record every value as a NumPy array in ``target`` under its path (``'l1/W'``).

    ``None`` values (uninitialized parameters) are not recorded.

    >>> import numpy as np, flexgrad
    >>> s = flexgrad.serializers.DictionarySerializer()
    >>> _ = s['l1']('W', np.ones((2, 3), dtype=np.float32))
    >>> sorted(s.target), s.target['l1/W'].shape
    (['l1/W'], (2, 3))
    """

    def __init__(self, target: dict[str, Any] | None = None, path: str = "") -> None:
        self.target = {} if target is None else target
        self.path = path

    def __getitem__(self, key: str) -> DictionarySerializer:
        return DictionarySerializer(self.target, self.path + key.strip("/") + "/")

    def __call__(self, key: str, value: Any) -> Any:
        full = self.path + key.lstrip("/")
        if value is None:
            return value
        if backends.is_array(value):
            array = backends.backend_of(value).to_numpy(value)
        elif isinstance(value, (bool, int, float)):
            array = backends.NUMPY.as_array(value)
        elif isinstance(value, str):  # as UTF-8 bytes: no pickle, and HDF5 can hold it
            array = backends.NUMPY.as_array(list(value.encode()), backends.NUMPY.xp.uint8)
        else:
            raise SerializationError(
                f"flexgrad.serializers: cannot save '{full}': expected an array, a "
                f"Python number or a str, got {describe(value)}"
            )
        self.target[full] = array
        return value


# The most bytes a file may give a value the object cannot size (an uninitialized
# parameter): it bounds what a hostile file can make a load allocate.
UNSIZED_LIMIT = 512 << 20

# The array kinds a Python scalar of each type may be loaded from.
_SCALAR_KINDS = {bool: ("bool",), int: ("integer",), float: ("floating", "integer")}


def _kind(backend: backends.Backend, dtype: Any) -> str:
    if dtype == backend.xp.bool:
        return "bool"
    if backend.is_floating(dtype):
        return "floating"
    if backend.is_integer(dtype):
        return "integer"
    return str(dtype).rsplit(".", 1)[-1]


class NpzDeserializer(Deserializer):
    """Load from a mapping of NumPy arrays (an opened ``.npz``, or any dict of them).

    Each entry's declared shape and dtype are checked against the object before its data
    is read, so a file cannot make a load allocate more than the object holds.

    Args:
        npz: the mapping from ``'l1/W'`` paths to NumPy arrays (or header-first entries).
        path: the prefix in ``npz`` to load from (e.g. ``'updater/model:main/'``).
        strict: whether a key the object asks for and ``npz`` lacks is an error (if
            False it is skipped). A key asked for with a None value (an uninitialized
            parameter, which ``save_npz`` does not write) may always be missing.
        ignore_names: a name, a predicate on the full key, or a list of them: keys to
            leave alone.
        file_name: the file the arrays came from, for error messages.
        caller: the loading function, for error messages.

    >>> import numpy as np, flexgrad
    >>> d = flexgrad.serializers.NpzDeserializer({'l1/W': np.zeros((2,), np.float32)})
    >>> d['l1']('W', np.ones((2,), dtype=np.float32))
    array([0., 0.], dtype=float32)
    """

    def __init__(self, npz: Mapping[str, Any], path: str = "", strict: bool = True,
                 ignore_names: IgnoreNames = None, *, file_name: str | None = None,
                 caller: str = "NpzDeserializer") -> None:
        self.npz = npz
        self.path = path
        self.strict = strict
        if ignore_names is None:
            ignore_names = []
        elif isinstance(ignore_names, str) or callable(ignore_names):
            ignore_names = [ignore_names]
        self.ignore_names = list(ignore_names)
        self.file_name = "<arrays>" if file_name is None else file_name
        self.caller = caller
        self.requested: set[str] = set()
        self.lazy: dict[str, tuple[Any, tuple[int | None, ...] | None]] = {}
        self.checks: dict[str, Callable[[Any], str | None]] = {}
        self.checking = False

    def __getitem__(self, key: str) -> NpzDeserializer:
        child = copy.copy(self)
        child.path = self.path + key.strip("/") + "/"
        return child

    def is_ignored(self, key: str) -> bool:
        """Whether ``key`` (a full path) is one of ``ignore_names``."""
        return any(key == name if isinstance(name, str) else name(key)
                   for name in self.ignore_names)

    def declare_lazy(self, key: str, dtype: Any, shape: tuple[int | None, ...] | None) -> None:
        self.lazy[self.path + key.lstrip("/")] = (dtype, shape)

    def declare_check(self, key: str, check: Callable[[Any], str | None]) -> None:
        self.checks[self.path + key.lstrip("/")] = check

    def _fail(self, key: str, what: str) -> SerializationError:
        return SerializationError(
            f"flexgrad.serializers.{self.caller}: {self.file_name}: '{key}': {what}")

    def __call__(self, key: str, value: Any) -> Any:
        full = self.path + key.lstrip("/")
        if self.is_ignored(full):
            return value
        self.requested.add(full)
        if full not in self.npz:
            if not self.strict or value is None:
                return value
            raise self._fail(full, f"not in the file; the object has {describe(value)}")
        loaded = self._entry(full)
        if value is None:
            return self._unsized(full, loaded)
        if isinstance(value, (bool, int, float)):
            return self._scalar(full, loaded, value)
        if isinstance(value, str):
            return self._text(full, loaded)
        if not backends.is_array(value):
            raise self._fail(full, f"cannot load into {describe(value)}")
        return self._array(full, loaded, value)

    def _entry(self, key: str) -> Entry:
        """The entry at ``key``, which must declare an array of plain numbers."""
        found = self.npz[key]
        if isinstance(found, (numpy.ndarray, numpy.generic)):
            found = Entry.of(numpy.asarray(found))
        if not isinstance(found, Entry):
            raise self._fail(key, f"the file holds {describe(found)}, not an array")
        if not is_plain(found.dtype):
            raise self._fail(key, f"the file holds {found.describe()}, not numbers")
        return found

    def _read(self, key: str, loaded: Entry) -> Any:
        """The entry's data, any failure to read it named by file and key."""
        try:
            array = loaded.read()
        except MemoryError:
            raise self._fail(key, f"the file declares {loaded.describe()}, more than this "
                                  "machine's memory holds") from None
        except READ_ERRORS as exc:
            raise self._fail(key, f"cannot be read: the file is damaged ({reason(exc)})") from None
        problem = self.checks[key](array) if key in self.checks else None
        if problem:
            raise self._fail(key, problem)
        return array

    def _unsized(self, key: str, loaded: Entry) -> Any:
        """A value the object cannot size yet (an uninitialized parameter, an iterator's
        unset order): bounded, checked against what it was declared to take, cast."""
        if loaded.size * loaded.dtype.itemsize > UNSIZED_LIMIT:
            raise self._fail(key, f"the file declares {loaded.describe()}, more than the "
                                  f"{UNSIZED_LIMIT >> 20} MiB an uninitialized value may take; "
                                  "initialize it first (give the link its input size)")
        dtype, shape = self.lazy.get(key, (None, None))
        if dtype is not None:
            self._check_lazy(key, loaded, shape)
        array = self._read(key, loaded)
        if self.checking:
            return None
        return array if dtype is None else array.astype(dtype)

    def _check_lazy(self, key: str, loaded: Entry, shape: tuple[int | None, ...] | None) -> None:
        """An uninitialized parameter takes real floats of a shape its link accepts."""
        if loaded.dtype.kind != "f":
            raise self._fail(key, f"the file has {loaded.describe()}; the uninitialized "
                                  "parameter takes a real floating array")
        if shape is not None and (len(shape) != loaded.ndim or any(
                n is not None and n != m for n, m in zip(shape, loaded.shape, strict=True))):
            wanted = ", ".join("any" if n is None else str(n) for n in shape)
            raise self._fail(key, f"shape {loaded.shape} in the file; the uninitialized "
                                  f"parameter's link accepts ({wanted})")

    def _scalar(self, key: str, loaded: Entry, value: Any) -> Any:
        kinds = _SCALAR_KINDS[type(value)] if type(value) in _SCALAR_KINDS else ()
        if loaded.shape != () or _kind(backends.NUMPY, loaded.dtype) not in kinds:
            raise self._fail(key, f"the file has {loaded.describe()}, the object a "
                                  f"{type(value).__name__} {value!r}")
        array = self._read(key, loaded)
        return value if self.checking else type(value)(array)

    def _text(self, key: str, loaded: Entry) -> str:
        """The saved string, also when checking: it may name what is read next (a log's
        keys), so the check must see it."""
        if loaded.ndim != 1 or loaded.dtype != numpy.uint8 or loaded.size > UNSIZED_LIMIT:
            raise self._fail(key, f"the file has {loaded.describe()}, the object a str")
        try:
            return bytes(self._read(key, loaded)).decode()
        except UnicodeDecodeError as exc:
            raise self._fail(key, f"the file's bytes are not UTF-8 text ({exc})") from None

    def _array(self, key: str, loaded: Entry, value: Any) -> Any:
        backend = backends.backend_of(value)
        if loaded.shape != tuple(value.shape):
            raise self._fail(key, f"shape {loaded.shape} in the file, "
                                  f"{tuple(value.shape)} in the object ({describe(value)})")
        if _kind(backends.NUMPY, loaded.dtype) != _kind(backend, value.dtype):
            raise self._fail(key, f"the file has {loaded.describe()}, which does not fit the "
                                  f"object's {describe(value)}")
        array = self._read(key, loaded)
        if self.checking:
            return value
        array = backends.get_device_from_array(value).send(array)
        if array.dtype != value.dtype:
            array = backend.xp.astype(array, value.dtype)
        return backend.copy_into(value, array)


def load_arrays(arrays: Mapping[str, Any], obj: Any, path: str, strict: bool,
                ignore_names: IgnoreNames, file_name: str, caller: str) -> None:
    """Check (and read) every entry ``obj`` asks for, and if strict that none is left over;
    only then load, so a failed load leaves ``obj`` as it was."""
    def deserializer() -> NpzDeserializer:
        return NpzDeserializer(arrays, path, strict, ignore_names, file_name=file_name,
                               caller=caller)

    checker = deserializer()
    checker.checking = True
    obj.serialize(checker)
    if strict:
        extra = sorted(key for key in arrays if key.startswith(path)
                       and key not in checker.requested and not checker.is_ignored(key))
        if extra:
            shown = ", ".join(f"'{key}'" for key in extra[:10])
            more = f" and {len(extra) - 10} more" if len(extra) > 10 else ""
            raise SerializationError(
                f"flexgrad.serializers.{caller}: {file_name}: entries the object has no place "
                f"for: {shown}{more} (load with strict=False or ignore_names to skip them)"
            )
    obj.serialize(deserializer())


def collect(obj: Any) -> dict[str, Any]:
    """Every value ``obj.serialize`` hands over, as NumPy arrays by path."""
    serializer = DictionarySerializer()
    serializer.save(obj)
    return serializer.target
