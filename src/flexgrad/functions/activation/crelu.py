"""crelu: the concatenated ReLU, ``[relu(x), relu(-x)]`` along an axis."""

from __future__ import annotations

from typing import Any

from ...errors import normalize_axis
from ...variable import Variable
from ..array.concat import concat
from ..math.basic_math import neg
from ._args import float_arg
from .relu import relu


def crelu(x: Variable | Any, axis: int = 1) -> Variable:
    """``concat([relu(x), relu(-x)], axis)`` (Shang et al., 2016): both signs kept, the
    ``axis`` twice as long. A composite of relu, neg and concat, which give its gradient.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.crelu(np.array([[1.0, -2.0]])).array
    array([[1., 0., 0., 2.]])
    """
    axis = normalize_axis("crelu", axis, float_arg("crelu", "x", x).ndim)
    return concat([relu(x), relu(neg(x))], axis=axis)
