"""no_float64_arrays: a float32 run that quietly computes in float64 fails where it happens.

A float32 op that casts to float64, computes, and casts back gives float32 results of the
right shape, close to the right values: no output check sees it, only its cost (twice the
memory; on a GPU, a fraction of the speed). array_api_strict makes every array through one
constructor, ``Array._new``; watching it during a call sees every float64 array made.
0-d arrays are let through: array_api_strict itself makes a Python scalar argument one
(``clip(x, 0.0, 1.0)`` on float32 stays float32), and float64 work on a float32 array
shows up in arrays of its shape.
"""

from __future__ import annotations

import contextlib
import traceback
from collections.abc import Iterator
from typing import Any

import numpy

_CONSTRUCTOR = "_new"  # array_api_strict.Array's one constructor (a classmethod)


class DtypeLeakError(AssertionError):
    """A computation that should stay in a narrower dtype made a float64 array."""


@contextlib.contextmanager
def no_float64_arrays() -> Iterator[None]:
    """Inside, creating a float64 ``array_api_strict`` array (of one or more dimensions)
    raises :class:`DtypeLeakError`, naming the line that asked for it. Run a float32
    computation on array_api_strict in it.

    >>> import numpy as np, array_api_strict as xp, flexgrad, flexgrad.functions as F
    >>> x = flexgrad.Variable(xp.asarray(np.ones(3, dtype=np.float32)))
    >>> with no_float64_arrays():
    ...     y = F.tanh(x)
    >>> with no_float64_arrays():
    ...     y = xp.astype(F.tanh(x).array, xp.float64)
    Traceback (most recent call last):
    ...
    flexgrad.testing.dtype_spy.DtypeLeakError: no_float64_arrays: a float64 array was created ...
    """
    from array_api_strict._array_object import Array as array_class
    original = array_class.__dict__[_CONSTRUCTOR]
    create = original.__func__

    def refuse_float64(cls: type, x: Any, /, device: Any) -> Any:
        if x.dtype == numpy.float64 and x.ndim:
            raise DtypeLeakError(f"no_float64_arrays: a float64 array was created at "
                                 f"{_caller()}; a float32 computation should stay float32")
        return create(cls, x, device)

    setattr(array_class, _CONSTRUCTOR, classmethod(refuse_float64))
    try:
        yield
    finally:
        setattr(array_class, _CONSTRUCTOR, original)


def _caller() -> str:
    """``file:line (code)`` of the innermost frame outside array_api_strict and this module."""
    for frame in reversed(traceback.extract_stack()[:-2]):
        path = frame.filename.replace("\\", "/")
        if "/array_api_strict/" not in path and not path.endswith("/contextlib.py"):
            return f"{frame.filename}:{frame.lineno} ({frame.line})"
    return "an unknown place"
