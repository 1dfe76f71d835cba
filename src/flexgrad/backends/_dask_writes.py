"""Spotting Dask arrays written in place step after step and never persisted.

``a[:] += b`` on a Dask array gives ``a`` a graph that ends in a ``setitem`` layer over
its previous one. An optimizer persists what it updates, but a write no optimizer sees
(a DDPG target network's soft update) chains one layer more each step, and each step
recomputes the whole chain.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

from dask.array import PerformanceWarning

#: Writes in a row into one unpersisted array before the warning comes.
CHAIN_LIMIT = 64

_warned = False


def warn_if_writes_pile_up(arrays: Sequence[Any]) -> None:
    """Warn once a process when the graphs of ``arrays`` hold a chain of more than
    ``CHAIN_LIMIT`` in-place writes, naming the fix."""
    global _warned
    if _warned:
        return
    longest = max((_longest_write_chain(a.__dask_graph__()) for a in arrays), default=0)
    if longest > CHAIN_LIMIT:
        _warned = True
        warnings.warn(
            f"flexgrad: a Dask array was written in place {longest} times in a row without "
            "being computed (x.array[...] = or += on a parameter no optimizer updates, such "
            "as a target network's soft update), so every step recomputes all of those "
            "writes; call flexgrad.materialize(link) after the writes of each step",
            PerformanceWarning, stacklevel=4)


def _longest_write_chain(graph: Any) -> int:
    """The most ``setitem`` layers of ``graph`` that each write over the one before."""
    layers, dependencies = getattr(graph, "layers", {}), getattr(graph, "dependencies", {})
    writes = {name for name in layers if name.startswith("setitem-")}
    depth: dict[str, int] = {}
    for start in writes:
        stack = [start]
        while stack:
            name = stack[-1]
            below = [d for d in dependencies.get(name, ()) if d in writes]
            pending = [d for d in below if d not in depth]
            if pending:
                stack += pending
                continue
            stack.pop()
            depth[name] = 1 + max((depth[d] for d in below), default=0)
    return max(depth.values(), default=0)
