"""The one timing helper: interleaved rounds of contenders, median and minimum per contender.

These machines are noisy, so no contender gets a quiet stretch the others miss: each round
runs every contender in turn, and a contender's figure is the median (and minimum) over
rounds of its per-call time in that round.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable


def _calls_per_sample(fn: Callable[[], object], min_time: float) -> int:
    """How many calls make one sample last about ``min_time`` seconds (after a warm-up)."""
    fn()
    n = 1
    while True:
        elapsed = _sample(fn, n)
        if elapsed >= min_time / 4:
            return max(1, round(n * min_time / elapsed))
        n *= 4


def _sample(fn: Callable[[], object], n: int) -> float:
    """Seconds for ``n`` calls, with the cyclic GC paused as ``timeit`` does."""
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        for _ in range(n):
            fn()
        return time.perf_counter() - start
    finally:
        gc.enable()


def compete(
    contenders: dict[str, Callable[[], object]], rounds: int, min_time: float
) -> dict[str, dict]:
    """Time each contender's call ``rounds`` times, interleaved; seconds per call.

    Returns ``{name: {"median": s, "min": s, "samples": [s, ...], "calls": n}}``.
    """
    calls = {name: _calls_per_sample(fn, min_time) for name, fn in contenders.items()}
    samples: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(rounds):
        for name, fn in contenders.items():
            samples[name].append(_sample(fn, calls[name]) / calls[name])
    return {
        name: {
            "median": statistics.median(s),
            "min": min(s),
            "samples": s,
            "calls": calls[name],
        }
        for name, s in samples.items()
    }
