"""Checks the losses and metrics share: options, pairs of float inputs, integer labels."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ... import backends
from ...errors import expect_float, expect_integer, expect_same_dtype, fail
from .._value_check import check_values, out_of_range, unchecked


def check_option(fn: str, arg: str, value: Any, allowed: Sequence[str]) -> None:
    """``value`` is one of the ``allowed`` strings (``reduce``, ``norm``...)."""
    if not isinstance(value, str) or value not in allowed:
        fail(fn, arg, "one of " + ", ".join(repr(a) for a in allowed), f"{value!r}")


def check_pair(fn: str, names: Sequence[str], a: Any, b: Any, backend: Any) -> None:
    """``a`` and ``b``: float arrays of one backend, dtype and shape (no broadcasting)."""
    expect_float(fn, names[0], a, backend)
    if backends.backend_of(b) is not backend:
        fail(fn, names[1], f"an array on {backend.name} (the backend of '{names[0]}')", b,
             kind="type")
    if a.dtype != b.dtype:
        expect_same_dtype(fn, names, (a, b))
    if tuple(a.shape) != tuple(b.shape):
        fail(fn, names[1], f"shape {tuple(a.shape)} (that of '{names[0]}')", b)


def check_labels(fn: str, t: Any, n: int, backend: Any,
                 ignore_label: int | None = None) -> tuple[Any, Any]:
    """Integer labels ``t`` of ``n`` classes: ``(used, bad)`` as bool arrays of t's shape.

    ``used`` marks labels in ``[0, n)`` other than ``ignore_label``. A label that is
    neither in range nor ignored raises in debug mode, and on Dask when the result is
    computed (``bad`` is then None); outside debug mode an eager backend does not look at
    the labels (on a GPU that would wait for it), so ``bad`` marks them and the caller
    turns their loss into NaN.
    """
    expect_integer(fn, "t", t, backend)
    also = "" if ignore_label is None else f" or the ignore_label {ignore_label}"
    t = check_values(fn, "t", t, backend, out_of_range(0, n, ignore_label),
                     f"labels in [0, {n}){also}", "labels")
    in_range = (t >= 0) & (t < n)
    if ignore_label is None:
        used = known = in_range
    else:
        ignored = t == ignore_label
        used, known = in_range & ~ignored, in_range | ignored
    return used, (~known if unchecked(backend, t) else None)


def nan_where(xp: Any, bad: Any, values: Any) -> Any:
    """``values`` with NaN where ``bad`` holds (labels not checked outside debug mode)."""
    return xp.where(bad, xp.full_like(values, float("nan")), values)
