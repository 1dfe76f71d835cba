"""Value checks on integer inputs (labels, IDs, offsets) that never make a GPU wait.

Arrays in host memory (NumPy, PyTorch and JAX on the CPU) are always checked: reading
them costs nothing. Reading an array on a GPU is a device-to-host sync, so there, as in
Chainer, the check runs only in debug mode (``flexgrad.config.debug``); outside it each op
documents what a bad value gives (NaN where its output is floating). A lazy (Dask) array
is always checked, as its chunks compute: the check is one more task in the graph that
raises the op's error, so computing a result made from bad values raises.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from .. import backends
from ..configuration import config
from ..errors import fail

# (xp, values) -> bool array, True at each bad value
BadTest = Callable[[Any, Any], Any]


def check_values(fn: str, arg: str, values: Any, backend: Any, is_bad: BadTest,
                 expected: str, noun: str, whole: bool = False) -> Any:
    """``values``, checked by ``is_bad`` now (eager, debug mode) or as they compute (lazy).

    Returns the array to compute with: ``values`` itself, or on a lazy backend a copy that
    raises when computed (``whole``: one chunk, for tests that need every value at once).
    """
    if backend.is_lazy:
        if whole and len(values.chunks[0]) > 1:
            values = values.rechunk(-1)
        return values.map_blocks(_raise_if_bad, fn, arg, is_bad, expected, noun,
                                 dtype=values.dtype, meta=values._meta)
    if (config.debug or backend.reads_are_free(values)) and math.prod(values.shape):
        _raise_if_bad(values, fn, arg, is_bad, expected, noun)
    return values


def unchecked(backend: Any, values: Any) -> bool:
    """Whether bad values pass through unseen (on a GPU, outside debug): ops then guard."""
    return not (backend.is_lazy or config.debug or backend.reads_are_free(values))


def out_of_range(low: int, high: int, ignore: int | None = None) -> BadTest:
    """The test for integers outside ``[low, high)`` (``ignore`` being allowed)."""

    def is_bad(xp: Any, values: Any) -> Any:
        bad = (values < low) | (values >= high)
        return bad if ignore is None else bad & (values != ignore)

    return is_bad


def _raise_if_bad(values: Any, fn: str, arg: str, is_bad: BadTest, expected: str,
                  noun: str) -> Any:
    """``values`` unchanged, or the op's error naming the range of values that came."""
    if not math.prod(values.shape):
        return values
    xp = backends.backend_of(values).xp
    if bool(xp.any(is_bad(xp, values))):
        fail(fn, arg, expected, f"{noun} from {int(xp.min(values))} to {int(xp.max(values))}")
    return values
