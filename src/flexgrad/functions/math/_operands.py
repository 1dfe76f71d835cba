"""Checks shared by ops that take several operands, some of which may be Python scalars."""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import Any

from ...backends import backend_of, is_array
from ...errors import fail
from ...variable import Variable


def is_scalar(value: Any) -> bool:
    """A real Python (or NumPy) scalar, which an op treats as a constant; bools are not."""
    if type(value) is float or type(value) is int:
        return True
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def array_of(fn: str, name: str, x: Any) -> Any:
    """The array of ``x`` (a Variable or an array), or the standard error naming ``name``."""
    array = x.array if isinstance(x, Variable) else x
    if not is_array(array):
        fail(fn, name, "an array or Variable", x, kind="type")
    return array


def with_constants(fn: str, names: Sequence[str], values: Sequence[Any]) -> tuple[Any, ...]:
    """``values`` with each scalar turned into a 0-d array of the first array's dtype.

    The constants carry no gradient. At least one value must be an array or Variable.
    """
    scalar = [is_scalar(v) for v in values]
    if all(scalar):
        fail(fn, names[0], "an array or Variable (not every operand may be a scalar)",
             f"{values[0]!r}", kind="type")
    arrays = [
        None if c else array_of(fn, n, v) for n, v, c in zip(names, values, scalar, strict=True)
    ]
    if not any(scalar):
        return tuple(values)
    like = arrays[scalar.index(False)]
    backend = backend_of(like)
    out = []
    for name, value, constant in zip(names, values, scalar, strict=True):
        if constant:
            if not isinstance(value, numbers.Integral) and not backend.is_floating(like.dtype):
                fail(fn, name, "an int to go with an integer array", f"{value!r}", kind="type")
            value = backend.xp.asarray(value, dtype=like.dtype, device=backend.device_arg(like))
        out.append(value)
    return tuple(out)


def check_broadcast(fn: str, names: Sequence[str], arrays: Sequence[Any]) -> None:
    """The arrays' shapes broadcast together (NumPy rules), else an error naming the culprit."""
    shape: tuple[int, ...] = ()
    for name, array in zip(names, arrays, strict=True):
        other = tuple(array.shape)
        if other == shape or not other:
            continue
        n = max(len(shape), len(other))
        left = (1,) * (n - len(shape)) + shape
        right = (1,) * (n - len(other)) + other
        if any(a != b and a != 1 and b != 1 for a, b in zip(left, right, strict=True)):
            fail(fn, name, f"a shape that broadcasts with {shape}", array)
        shape = tuple(b if a == 1 else a for a, b in zip(left, right, strict=True))
