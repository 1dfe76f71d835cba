"""Checks for ``declare_check``: what a loaded value must be, so a bad file fails before
anything is assigned."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any


def in_range(low: int, high: int | None, what: str) -> Callable[[Any], str | None]:
    """A check that every value of a loaded array is an integer in ``[low, high)``."""
    bounds = f"[{low}, {'inf' if high is None else high})"

    def check(array: Any) -> str | None:
        if array.dtype.kind not in "iu":
            return f"expected {what}: integers in {bounds}, got {array.dtype} values"
        if array.size and (array.min() < low or (high is not None and array.max() >= high)):
            got = int(array.min()) if array.min() < low else int(array.max())
            return f"expected {what} in {bounds}, got {got}"
        return None
    return check


def json_text(what: str, fits: Callable[[Any], bool]) -> Callable[[Any], str | None]:
    """A check that a loaded str (its UTF-8 bytes) is JSON holding ``what``."""
    def check(array: Any) -> str | None:
        try:
            value = json.loads(bytes(array).decode())
        except (UnicodeDecodeError, ValueError, RecursionError) as exc:
            return f"expected JSON text holding {what}, got text that does not parse ({exc})"
        if fits(value):
            return None
        return f"expected JSON text holding {what}, got {type(value).__name__} {value!r:.80}"
    return check
