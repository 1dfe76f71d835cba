"""Argument checks shared by the array functions: inputs, int tuples, sequences of inputs."""

from __future__ import annotations

import numbers
from typing import Any

from ... import backends
from ...errors import fail
from ...variable import Variable


def is_int(value: Any) -> bool:
    """A Python or NumPy integer, but not a bool."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def array_arg(fn: str, arg: str, x: Any) -> Any:
    """The array inside ``x`` (a Variable or an array), or an error naming ``fn`` and ``arg``."""
    data = x.array if isinstance(x, Variable) else x
    if data is None or not backends.is_array(data):
        fail(fn, arg, "a Variable or an array", x, kind="type")
    return data


def arrays_arg(fn: str, arg: str, xs: Any) -> list[Any]:
    """The arrays of a non-empty list or tuple of Variables and arrays (``concat``'s ``xs``)."""
    if not isinstance(xs, (list, tuple)):
        fail(fn, arg, "a list or tuple of Variables or arrays", xs, kind="type")
    if not xs:
        fail(fn, arg, "at least one Variable or array", "an empty sequence")
    return [array_arg(fn, f"{arg}[{i}]", x) for i, x in enumerate(xs)]


def int_tuple(fn: str, arg: str, value: Any) -> tuple[int, ...]:
    """An int or a sequence of ints, each >= 0, as a tuple (``repeats``, ``reps``)."""
    values = (value,) if is_int(value) else value
    if not isinstance(values, (list, tuple)) or not all(is_int(v) for v in values):
        fail(fn, arg, "an int or a tuple of ints", f"{value!r}", kind="type")
    if any(v < 0 for v in values):
        fail(fn, arg, "non-negative ints", f"{value!r}")
    return tuple(int(v) for v in values)
