"""Op table rows: the functions ported from Chainer for issue 13, part A (special
functions, linear algebra, fft, array helpers, activations, losses, evaluation)."""

from __future__ import annotations

from op_table import Arg, same
from op_table import OpCase as C
from scipy import special

import flexgrad.functions as F

ORDER = Arg(0, 2, kind="int")

SPECIAL = [
    C("erfinv", same(), (Arg(-0.9, 0.9),), ref=special.erfinv),
    C("erfcinv", same(), (Arg(0.1, 1.9),), ref=special.erfcinv),
    C("erfcx", same(), ref=special.erfcx),
    C("ndtr", same(), ref=special.ndtr),
    C("log_ndtr", same(), (Arg(-6.0, 3.0),), ref=special.log_ndtr),
    C("ndtri", same(), (Arg(0.05, 0.95),), ref=special.ndtri),
    C("polygamma", same(), (Arg(0.3, 4.0),), func=lambda x: F.polygamma(1, x), tag="n=1",
      ref=lambda x: special.polygamma(1, x)),
    C("polygamma", same(2), (ORDER, Arg(0.3, 4.0)), tag="n per element",
      ref=lambda n, x: special.polygamma(n, x)),
    C("zeta", same(), (Arg(0.5, 3.0),), func=lambda q: F.zeta(2.5, q), tag="x=2.5",
      ref=lambda q: special.zeta(2.5, q)),
]

CASES = SPECIAL
