"""The checks the distributions run on their parameters and inputs, and their errors."""

from __future__ import annotations

from typing import Any, NoReturn

from ..backends import backend_of, is_array
from ..errors import InvalidTypeError, InvalidValueError, describe
from ..variable import Variable


def fail(where: str, arg: str, expected: str, got: Any, *, kind: str = "value") -> NoReturn:
    """Raise the standard error for ``flexgrad.distributions.<where>``."""
    cls = InvalidTypeError if kind == "type" else InvalidValueError
    got_text = got if isinstance(got, str) else describe(got)
    raise cls(f"flexgrad.distributions.{where}: argument '{arg}' expected {expected}, "
              f"got {got_text}")


def as_param(where: str, arg: str, value: Any, *, floating: bool = True) -> Variable:
    """``value`` (a Variable or an array) as a Variable; a bare array gets no gradient."""
    data = value.array if isinstance(value, Variable) else value
    if data is None or not is_array(data):
        fail(where, arg, "a Variable or an array", value, kind="type")
    if floating and not backend_of(data).is_floating(data.dtype):
        fail(where, arg, "a real floating dtype", data, kind="type")
    return value if isinstance(value, Variable) else Variable(value, requires_grad=False)


def one_of(where: str, names: tuple[str, str], values: tuple[Any, Any]) -> int:
    """The index of the one parameter given of two alternatives (``p`` or ``logit``)."""
    given = [v is not None for v in values]
    if given.count(True) != 1:
        fail(where, names[0], f"exactly one of '{names[0]}' and '{names[1]}'",
             f"{given.count(True)} of them")
    return given.index(True)


def expect_same_kind(where: str, names: tuple[str, str], a: Variable, b: Variable) -> None:
    """``b`` has ``a``'s dtype and backend (flexgrad never casts silently)."""
    if backend_of(b.array) is not backend_of(a.array) or b.dtype != a.dtype:
        fail(where, names[1], f"the dtype and backend of '{names[0]}' ({describe(a.array)})",
             b.array, kind="type")


def same_shape_dtype(where: str, names: tuple[str, str], a: Variable, b: Variable) -> None:
    """``b`` matches ``a`` in shape, dtype and backend."""
    expect_same_kind(where, names, a, b)
    if tuple(b.shape) != tuple(a.shape):
        fail(where, names[1], f"the shape of '{names[0]}' {tuple(a.shape)}", b.array)


def sample_count(where: str, n: Any) -> int:
    """``n`` of ``sample_n``: a positive int."""
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        fail(where, "n", "a positive int", f"{type(n).__name__} {n!r}")
    return n
