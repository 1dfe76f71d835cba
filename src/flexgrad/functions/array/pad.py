"""pad: widen an array's axes with a constant, or with its own edge, mirror or wrap values.

Constant padding concatenates constant blocks; the other modes gather along each axis with
an index list (``get_item``), so repeated source elements sum their gradients. Both are
composites of differentiable functions and need no backward of their own.
"""

from __future__ import annotations

import numbers
from typing import Any

from ... import backends
from ...errors import fail
from ...variable import Variable
from ._args import array_arg, is_int
from .concat import concat
from .get_item import get_item

_GATHERED = ("edge", "reflect", "symmetric", "wrap")
_MODES = ("constant",) + _GATHERED


def _pairs(arg: str, value: Any, ndim: int, valid: Any,
           what: str) -> tuple[tuple[Any, Any], ...]:
    """NumPy's ``(before, after)`` per axis from a scalar, a pair, or one pair per axis;
    ``valid`` tells the scalars allowed, which ``what`` describes."""
    def bad() -> None:
        fail("pad", arg, f"{what}, a (before, after) pair of them, or one pair per axis "
             f"({ndim})", f"{value!r}", kind="type")

    if valid(value):
        return ((value, value),) * ndim
    if not isinstance(value, (list, tuple)) or not value:
        bad()
    if all(valid(v) for v in value):
        if len(value) > 2:
            bad()
        return ((value[0], value[-1]),) * ndim
    if not all(isinstance(v, (list, tuple)) and len(v) in (1, 2) and all(valid(e) for e in v)
               for v in value) or len(value) not in (1, ndim):
        bad()
    pairs = tuple((v[0], v[-1]) for v in value)
    return pairs * ndim if len(pairs) == 1 else pairs


def _source(mode: str, j: int, n: int) -> int:
    """The index of ``x`` that padded position ``j`` (relative to x's start) copies."""
    if mode == "edge":
        return min(max(j, 0), n - 1)
    if mode == "wrap":
        return j % n
    if mode == "symmetric":
        j %= 2 * n
        return j if j < n else 2 * n - 1 - j
    if n == 1:  # reflect
        return 0
    j %= 2 * (n - 1)
    return j if j < n else 2 * (n - 1) - j


def _constant(x: Any, array: Any, widths: tuple, values: tuple) -> Variable:
    backend = backends.backend_of(array)
    xp, device = backend.xp, backend.device_arg(array)
    y, shape = x, list(array.shape)
    for axis, ((before, after), pair) in enumerate(zip(widths, values, strict=True)):
        if not (before or after):
            continue
        parts = []
        for width, value in ((before, pair[0]), (after, pair[1])):
            block = xp.full(tuple(shape[:axis] + [width] + shape[axis + 1:]), value,
                            dtype=array.dtype, device=device)
            parts.append([block] if width else [])
        y = concat(parts[0] + [y] + parts[1], axis)
        shape[axis] += before + after
    return y


def _gathered(mode: str, x: Any, array: Any, widths: tuple) -> Variable:
    y = x
    for axis, (before, after) in enumerate(widths):
        n = array.shape[axis]
        if not (before or after):
            continue
        if n == 0:
            fail("pad", "x", f"a non-empty axis {axis} to pad in mode {mode!r}", array)
        index = [_source(mode, j - before, n) for j in range(before + n + after)]
        y = get_item(y, (slice(None),) * axis + (index,))
    return y


def pad(x: Variable | Any, pad_width: Any, mode: str = "constant", **keywords: Any) -> Variable:
    """``x`` padded at the edges of each axis, as ``numpy.pad``.

    Args:
        x: the Variable or array to pad.
        pad_width: an int, a ``(before, after)`` pair, or one pair per axis.
        mode: ``'constant'`` (``constant_values``: a number, a pair, or a pair per axis;
            default 0), ``'edge'``, ``'reflect'``, ``'symmetric'`` or ``'wrap'``. NumPy's
            statistical and ramp modes are not supported.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.pad(np.array([1.0, 2.0]), (1, 2), constant_values=9.0).array
    array([9., 1., 2., 9., 9.])
    >>> F.pad(np.array([1.0, 2.0, 3.0]), 2, mode="reflect").array
    array([3., 2., 1., 2., 3., 2., 1.])
    """
    array = array_arg("pad", "x", x)
    if mode not in _MODES:
        fail("pad", "mode", f"one of {', '.join(map(repr, _MODES))}", f"{mode!r}")
    widths = _pairs("pad_width", pad_width, array.ndim, is_int, "an int")
    if any(w < 0 for pair in widths for w in pair):
        fail("pad", "pad_width", "non-negative widths", f"{pad_width!r}")
    allowed = {"constant": {"constant_values"}, "reflect": {"reflect_type"},
               "symmetric": {"reflect_type"}}.get(mode, set())
    for key in keywords:
        if key not in allowed:
            fail("pad", key, f"no such keyword in mode {mode!r}", f"{keywords[key]!r}",
                 kind="type")
    if keywords.get("reflect_type", "even") != "even":
        fail("pad", "reflect_type", "'even' (the only one supported)",
             f"{keywords['reflect_type']!r}")
    if not any(w for pair in widths for w in pair):
        return x if isinstance(x, Variable) else Variable(x, requires_grad=False)
    if mode != "constant":
        return _gathered(mode, x, array, widths)
    backend = backends.backend_of(array)
    integer = backend.is_integer(array.dtype)
    number = numbers.Integral if integer else numbers.Real
    values = _pairs("constant_values", keywords.get("constant_values", 0), array.ndim,
                    lambda v: isinstance(v, number) and not isinstance(v, bool),
                    "an int (x is an integer array)" if integer else "a real number")
    return _constant(x, array, widths, values)
