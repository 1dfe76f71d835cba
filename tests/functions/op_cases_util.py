"""Op table rows: forget (checkpointing)."""

from __future__ import annotations

import numpy as np
from op_table import OpCase as C
from op_table import same

import flexgrad.functions as F


def _pair(a, b):
    return F.sin(a) * b, F.exp(a) + b


CASES = [
    C("forget", same(2), func=lambda x, y: F.forget(lambda a, b: F.tanh(a * b) + a, x, y),
      ref=lambda x, y: np.tanh(x * y) + x),
    C("forget", same(2), func=lambda x, y: F.forget(_pair, x, y), tag="two outputs",
      ref=lambda x, y: (np.sin(x) * y, np.exp(x) + y)),
]
