"""triplet: the margin loss of anchor, positive and negative embeddings (Schroff et al.,
FaceNet, 2015)."""

from __future__ import annotations

from typing import Any

from ...backends import backend_of
from ...errors import fail
from ...variable import Variable
from ..activation._args import real_arg
from ..activation.relu import relu
from ..array._args import array_arg
from ..math.average import mean
from ..math.basic_math import sub
from ..math.sum import sum as sum_
from ._args import check_option, check_pair

_FN = "triplet"


def _squared_distance(a: Variable | Any, b: Variable | Any) -> Variable:
    diff = sub(a, b)
    return sum_(diff * diff, axis=1)


def triplet(anchor: Variable | Any, positive: Variable | Any, negative: Variable | Any,
            margin: float = 0.2, reduce: str = "mean") -> Variable:
    """``max(|a - p|² - |a - n|² + margin, 0)`` per row: the anchor nearer the positive
    than the negative by ``margin``, in squared Euclidean distance. A composite.

    Args:
        anchor, positive, negative: float arrays (N, K) of one shape and dtype.
        margin: the required gap, > 0.
        reduce: ``'mean'`` (over the N rows) or ``'no'`` (shape (N,)).

    >>> import numpy as np, flexgrad.functions as F
    >>> F.triplet(np.zeros((1, 2)), np.array([[1.0, 0.0]]), np.array([[1.0, 1.0]]),
    ...           margin=0.5, reduce="no").array
    array([0.])
    """
    arrays = [array_arg(_FN, name, v) for name, v in
              (("anchor", anchor), ("positive", positive), ("negative", negative))]
    backend = backend_of(arrays[0])
    check_pair(_FN, ("anchor", "positive"), arrays[0], arrays[1], backend)
    check_pair(_FN, ("anchor", "negative"), arrays[0], arrays[2], backend)
    if arrays[0].ndim != 2:
        fail(_FN, "anchor", "a 2-d array (N, K)", arrays[0])
    margin = real_arg(_FN, "margin", margin, positive=True)
    check_option(_FN, "reduce", reduce, ("mean", "no"))
    loss = relu(_squared_distance(anchor, positive) - _squared_distance(anchor, negative)
                + margin)
    return loss if reduce == "no" else mean(loss)
