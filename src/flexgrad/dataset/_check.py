"""The error messages of the data pipeline: the function, the argument, expected, got."""

from __future__ import annotations

from typing import Any, NoReturn

from ..errors import InvalidTypeError, InvalidValueError, describe


def fail(where: str, arg: str, expected: str, got: Any, *, kind: str = "value") -> NoReturn:
    """Raise ``InvalidValueError`` (``kind='value'``) or ``InvalidTypeError`` (``'type'``).

    ``where`` is the full name, e.g. ``'flexgrad.dataset.concat_examples'``; ``got`` is a
    string used as is or an object that is described (dtype, shape, backend).
    """
    got_text = got if isinstance(got, str) else describe(got)
    cls = InvalidTypeError if kind == "type" else InvalidValueError
    raise cls(f"{where}: argument '{arg}' expected {expected}, got {got_text}")


def expect_int(where: str, arg: str, value: Any, *, minimum: int | None = None) -> int:
    """``value`` as an int (ints and integer 0-d arrays), at least ``minimum`` if given."""
    if isinstance(value, bool) or not hasattr(value, "__index__"):
        fail(where, arg, "an int", value, kind="type")
    value = int(value.__index__())
    if minimum is not None and value < minimum:
        fail(where, arg, f"an int >= {minimum}", repr(value))
    return value


def dataset_length(dataset: Any) -> int:
    """``len(dataset)``; an array without ``__len__`` (``array_api_strict``) by its shape."""
    try:
        return len(dataset)
    except TypeError:
        shape = getattr(dataset, "shape", None)
        if shape:
            return int(shape[0])
        raise
