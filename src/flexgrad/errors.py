"""flexgrad's errors, and the checks ops run on what they receive.

Every message names the function, the argument, what was expected and what came, e.g.
``flexgrad.functions.matmul: argument 'b' expected shape (3, k) to match a's last axis,
got float32 array of shape (4, 5) on numpy``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class FlexgradError(Exception):
    """Base of every error flexgrad raises on purpose."""


class InvalidTypeError(FlexgradError, TypeError):
    """An argument of the wrong kind: a dtype, a Python type, or a backend."""


class InvalidValueError(FlexgradError, ValueError):
    """An argument of the right kind but the wrong shape or value."""


class BackendMismatchError(InvalidTypeError):
    """Arrays of two different backends met in one op."""


class GraphReleasedError(FlexgradError, RuntimeError):
    """Backward reached a node whose retained arrays an earlier backward released."""


class NumericalError(FlexgradError, FloatingPointError):
    """A NaN or Inf appeared with ``flexgrad.config.debug`` on."""


def describe(array: Any) -> str:
    """``'float32 array of shape (2, 3) on numpy'``; also for scalars and other objects."""
    from .backends import backend_of, is_array

    if hasattr(array, "array") and not is_array(array):
        array = array.array
    if array is None:
        return "None"
    if not is_array(array):
        return f"{type(array).__name__} {array!r}"[:120]
    dtype = str(array.dtype).rsplit(".", 1)[-1]
    return f"{dtype} array of shape {tuple(array.shape)} on {backend_of(array).name}"


def _raise(cls: type[FlexgradError], fn: str, arg: str, expected: str, got: Any) -> None:
    got_text = got if isinstance(got, str) else describe(got)
    raise cls(f"flexgrad.functions.{fn}: argument '{arg}' expected {expected}, got {got_text}")


def fail(fn: str, arg: str, expected: str, got: Any, *, kind: str = "value") -> None:
    """Raise the standard error: ``kind`` is ``'value'`` (shape, range) or ``'type'``."""
    _raise(InvalidTypeError if kind == "type" else InvalidValueError, fn, arg, expected, got)


def expect_float(fn: str, arg: str, array: Any, backend: Any) -> None:
    """``array`` has a real floating dtype."""
    if not backend.is_floating(array.dtype):
        fail(fn, arg, "a real floating dtype", array, kind="type")


def expect_integer(fn: str, arg: str, array: Any, backend: Any) -> None:
    """``array`` has an integer dtype (labels, indices)."""
    if not backend.is_integer(array.dtype):
        fail(fn, arg, "an integer dtype", array, kind="type")


def expect_same_dtype(fn: str, names: Sequence[str], arrays: Sequence[Any]) -> None:
    """All ``arrays`` share the first one's dtype (flexgrad never upcasts silently)."""
    first = arrays[0].dtype
    for name, array in zip(names[1:], arrays[1:], strict=True):
        if array.dtype != first:
            _expect_same_backend(fn, names[0], arrays[0], name, array)
            dtype = str(first).rsplit(".", 1)[-1]
            fail(fn, name, f"dtype {dtype} (that of '{names[0]}'; flexgrad never casts "
                           f"silently, so cast '{names[0]}' or '{name}' with astype)",
                 array, kind="type")


def _expect_same_backend(fn: str, first_name: str, first: Any, name: str, array: Any) -> None:
    """Arrays of two libraries have dtypes that never compare equal: say which libraries."""
    from .backends import backend_of

    expected = backend_of(first)
    if backend_of(array) is not expected:
        _raise(BackendMismatchError, fn, name,
               f"an array on {expected.name} like '{first_name}' (move one with to_device())",
               array)


def expect_ndim(fn: str, arg: str, array: Any, ndim: int | Sequence[int]) -> None:
    allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
    if array.ndim not in allowed:
        text = " or ".join(str(n) for n in allowed)
        fail(fn, arg, f"a {text}-d array", array)


def normalize_axis(fn: str, axis: int, ndim: int, arg: str = "axis") -> int:
    """``axis`` as a non-negative int, or an error if it is out of range for ``ndim``."""
    if not isinstance(axis, int) or isinstance(axis, bool):
        fail(fn, arg, "an int", axis, kind="type")
    if not -ndim <= axis < max(ndim, 1):
        fail(fn, arg, f"an axis in [{-ndim}, {ndim})", f"{axis}")
    return axis % max(ndim, 1)


def normalize_axes(fn: str, axis: Any, ndim: int) -> tuple[int, ...]:
    """``None`` (all axes), an int or a tuple of ints, as a sorted tuple of axes."""
    if axis is None:
        return tuple(range(ndim))
    if isinstance(axis, int):
        axes = (axis,)
    elif isinstance(axis, (tuple, list)):
        axes = tuple(axis)
    else:
        fail(fn, "axis", "None, an int or a tuple of ints", f"{axis!r}", kind="type")
    normalized = tuple(sorted(normalize_axis(fn, a, ndim) for a in axes))
    if len(set(normalized)) != len(normalized):
        fail(fn, "axis", "distinct axes", f"{axis}")
    return normalized


class SerializationError(FlexgradError, ValueError):
    """A file that cannot be saved or loaded into an object: missing, extra or bad entries."""
