"""fix: round toward zero; piecewise constant, so, as floor and ceil, no gradient."""

from __future__ import annotations

from typing import Any

from ...variable import Variable
from .rounding import _constant, _wrap


def fix(x: Variable | Any) -> Variable:
    """Elementwise rounding toward zero, with ``x``'s dtype; no gradient (the graph
    stops here).

    >>> import numpy as np, flexgrad.functions as F
    >>> F.fix(np.array([-1.5, 0.5, 2.0])).array
    array([-1.,  0.,  2.])
    """
    array, backend = _constant("fix", x)
    return _wrap(backend, backend.xp.trunc(array))
