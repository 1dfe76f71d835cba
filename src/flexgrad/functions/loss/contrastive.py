"""contrastive: the pairwise margin loss of Hadsell, Chopra and LeCun (2006)."""

from __future__ import annotations

from typing import Any

from ...backends import backend_of
from ...errors import expect_integer, fail
from ...variable import Variable
from ..activation._args import real_arg
from ..activation.relu import relu
from ..array._args import array_arg
from ..math.basic_math import sub
from ..math.exponential import sqrt
from ..math.select import maximum
from ..math.sum import sum as sum_
from ._args import check_option, check_pair

_FN = "contrastive"


def contrastive(x0: Variable | Any, x1: Variable | Any, y: Any, margin: float = 1.0,
                reduce: str = "mean") -> Variable:
    """Half of ``d²`` for similar pairs (``y == 1``) and of ``max(margin - d, 0)²`` for
    dissimilar ones (``y == 0``), ``d`` the Euclidean distance of rows of ``x0`` and ``x1``.

    A composite; where ``d == 0`` the gradient is 0, as in Chainer.

    Args:
        x0, x1: float arrays (N, K) of one shape and dtype.
        y: integer labels (N,), 1 for a similar pair and 0 for a dissimilar one.
        margin: the distance beyond which dissimilar pairs cost nothing, > 0.
        reduce: ``'mean'`` (the sum over pairs divided by N) or ``'no'`` (shape (N,)).

    >>> import numpy as np, flexgrad.functions as F
    >>> F.contrastive(np.zeros((2, 2)), np.array([[0.0, 2.0], [0.0, 0.5]]),
    ...               np.array([1, 0])).array
    array(1.0625)
    """
    a, b = array_arg(_FN, "x0", x0), array_arg(_FN, "x1", x1)
    backend = backend_of(a)
    check_pair(_FN, ("x0", "x1"), a, b, backend)
    labels = array_arg(_FN, "y", y)
    expect_integer(_FN, "y", labels, backend)
    if a.ndim != 2 or tuple(labels.shape) != (a.shape[0],):
        fail(_FN, "y", f"labels of shape ({a.shape[0]},) for x0 (N, K)", labels)
    margin = real_arg(_FN, "margin", margin, positive=True)
    check_option(_FN, "reduce", reduce, ("mean", "no"))
    similar = backend.xp.astype(labels, a.dtype)
    diff = sub(x0, x1)
    squared = sum_(diff * diff, axis=1)
    # as Chainer, d is kept >= 1e-8 so equal rows get a zero gradient, not 0 * inf
    gap = relu(margin - sqrt(maximum(squared, 1e-16)))
    loss = (squared * similar + gap * gap * (1.0 - similar)) * 0.5
    return loss if reduce == "no" else sum_(loss) * (1.0 / max(a.shape[0], 1))
