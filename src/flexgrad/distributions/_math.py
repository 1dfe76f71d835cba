"""Elementwise helpers the distributions share."""

from __future__ import annotations

from ..backends import backend_of
from ..functions.math.exponential import log
from ..functions.math.select import where
from ..variable import Variable


def xlogx(p: Variable) -> Variable:
    """``p log p`` with ``0 log 0 = 0`` (the entropy of probabilities that reach 0), and a
    zero gradient there rather than NaN: the log sees 1 where ``p`` is 0."""
    xp = backend_of(p.array).xp
    positive = p.array > 0
    ones = xp.ones_like(p.array)
    return where(positive, p * log(where(positive, p, ones)), xp.zeros_like(p.array))
