"""Chainer's ``chainer.utils.type_check`` for old-style functions' ``check_type_forward``.

Chainer built lazy expressions; here the conditions are evaluated at once (``in_types``
hold the real shapes and dtypes), and a failed one is reported with its source text:

    def check_type_forward(self, in_types):
        type_check.expect(in_types.size() == 2)
        x_type, w_type = in_types
        type_check.expect(x_type.dtype.kind == 'f', x_type.ndim >= 2,
                          x_type.shape[1] == w_type.shape[1])
"""

from __future__ import annotations

import ast
import functools
import linecache
import math
import sys
from typing import Any

from .. import backends
from ..errors import InvalidTypeError

_KINDS = (("bool", "b"), ("complex floating", "c"), ("real floating", "f"),
          ("signed integer", "i"), ("unsigned integer", "u"))


class InvalidType(InvalidTypeError):
    """A ``type_check.expect`` condition failed (Chainer's name)."""


def _dtype_name(dtype: Any) -> str:
    """``'float32'`` for a NumPy dtype or scalar type, a string, or another namespace's
    dtype object."""
    if isinstance(dtype, str):
        dtype = backends.NUMPY.dtype(dtype)
    if isinstance(dtype, type):
        return dtype.__name__
    return str(dtype).rsplit(".", 1)[-1]


class DType:
    """An input's dtype as Chainer's checks read it: ``kind``, ``name``, ``itemsize``, and
    ``==`` with NumPy dtypes, scalar types (``numpy.float32``) or names."""

    def __init__(self, dtype: Any, backend: backends.Backend) -> None:
        self._dtype = dtype
        self.name = _dtype_name(dtype)
        xp = backend.xp
        self.kind = next(code for kind, code in _KINDS if xp.isdtype(dtype, kind))
        self.itemsize = (xp.finfo(dtype).bits if self.kind in "fc" else
                         8 if self.kind == "b" else xp.iinfo(dtype).bits) // 8

    def __eq__(self, other: object) -> bool:
        if isinstance(other, DType):
            return self.name == other.name
        try:
            return self.name == _dtype_name(other)
        except TypeError:
            return NotImplemented

    def __hash__(self) -> int:
        return hash(self.name)

    def __repr__(self) -> str:
        return f"dtype({self.name!r})"


class TypeInfo:
    """One input as the checks see it: ``shape``, ``ndim``, ``size``, ``dtype``."""

    def __init__(self, array: Any, name: str) -> None:
        self.name = name
        self.shape = tuple(array.shape)
        self.ndim = len(self.shape)
        self.size = math.prod(self.shape)
        self.dtype = DType(array.dtype, backends.backend_of(array))

    def __repr__(self) -> str:
        return f"{self.name}: {self.dtype.name}{self.shape}"


class TypeInfoTuple(tuple):
    """The inputs' TypeInfos; ``size()`` is their number, as in Chainer."""

    def size(self) -> int:
        return len(self)


def get_types(arrays: tuple[Any, ...], name: str = "in_types") -> TypeInfoTuple:
    """The TypeInfos of ``arrays``, named ``in_types[0]``, ``in_types[1]``, ..."""
    return TypeInfoTuple(TypeInfo(a, f"{name}[{i}]") for i, a in enumerate(arrays))


def argname(in_types: TypeInfoTuple, names: Any) -> None:
    """Name the inputs (``x``, ``W``) in failure messages."""
    for info, name in zip(in_types, names, strict=False):
        info.name = name


def expect(*conditions: Any) -> None:
    """Raise :class:`InvalidType` naming the first false condition by its source text."""
    for position, condition in enumerate(conditions):
        if not bool(condition):
            frame = sys._getframe(1)
            text = _argument_text(frame.f_code.co_filename, frame.f_lineno, position)
            caller = frame.f_code.co_qualname
            raise InvalidType(f"{caller}: type check failed: expected {text}")


def same_types(*arrays: Any) -> bool:
    """Whether every array is of one array type (all NumPy, all CuPy, ...)."""
    return len({type(a) for a in arrays}) <= 1


def eval(value: Any) -> Any:  # noqa: A001 (Chainer's name)
    """The value itself: conditions here are already evaluated."""
    return value


def prod(values: Any) -> Any:
    """The product of ``values`` (Chainer's ``type_check.prod`` on a shape)."""
    return math.prod(values)


def _argument_text(filename: str, lineno: int, position: int) -> str:
    """The source of argument ``position`` of the ``expect(...)`` call on ``lineno``."""
    for call in _expect_calls(filename).get(lineno, ()):
        if position < len(call):
            return call[position]
    return f"condition {position + 1} of the call at {filename}:{lineno}"


@functools.lru_cache(maxsize=64)
def _expect_calls(filename: str) -> dict[int, list[list[str]]]:
    """For each line of ``filename``, the argument texts of the ``expect`` calls on it."""
    source = "".join(linecache.getlines(filename))
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return {}
    calls: dict[int, list[list[str]]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "attr",
                                                  getattr(node.func, "id", None)) == "expect":
            texts = [ast.get_source_segment(source, arg) or "?" for arg in node.args]
            for line in range(node.lineno, (node.end_lineno or node.lineno) + 1):
                calls.setdefault(line, []).append(texts)
    return calls
