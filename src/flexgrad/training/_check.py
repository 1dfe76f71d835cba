"""The error messages of the training loop: the function, the argument, expected, got."""

from __future__ import annotations

from typing import Any, NoReturn

from ..errors import InvalidTypeError, InvalidValueError


def fail(where: str, arg: str, expected: str, got: Any, *, kind: str = "value") -> NoReturn:
    """Raise ``InvalidValueError`` (``kind='value'``) or ``InvalidTypeError`` (``'type'``);
    ``where`` is the full name, e.g. ``'flexgrad.training.Trainer.extend'``."""
    cls = InvalidTypeError if kind == "type" else InvalidValueError
    got_text = got if isinstance(got, str) else f"{type(got).__name__} {got!r}"[:200]
    raise cls(f"{where}: argument '{arg}' expected {expected}, got {got_text}")


def expect_unit(where: str, unit: Any) -> str:
    """``unit`` is ``'epoch'`` or ``'iteration'``."""
    if unit not in ("epoch", "iteration"):
        fail(where, "unit", "'epoch' or 'iteration'", repr(unit))
    return unit


def to_float(value: Any) -> float:
    """A reported scalar (Python number, 0-d array on any backend, Variable) as a float."""
    from .. import backends

    array = getattr(value, "array", value)
    if backends.is_array(array):
        return float(backends.backend_of(array).to_numpy(array))
    return float(array)
