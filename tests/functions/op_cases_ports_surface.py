"""Op table rows: the Chainer-porting functions of issue 13 that move data (copy)."""

from __future__ import annotations

from op_table import ANY, same
from op_table import OpCase as C

import flexgrad.functions as F


def _round_trip(spec):
    """``x`` sent to ``spec``, doubled there, and sent back: both directions differentiate."""
    return lambda x: F.copy(F.copy(x, spec) * 2.0, x.device)


CASES = [
    C("copy", same(), (ANY,), func=lambda x: F.copy(x, x.device), tag="same device",
      ref=lambda x: x),
    C("copy", same(), (ANY,), func=_round_trip("@numpy"), tag="via @numpy and back",
      ref=lambda x: 2.0 * x,
      gaps={"dask": "sending a lazy array to NumPy computes it, which the Dask leg refuses"}),
    C("copy", same(), (ANY,), func=_round_trip("@dask"), tag="via @dask and back",
      ref=lambda x: 2.0 * x),
]
