"""Op table rows: the losses (classification, regression, VAE).

Few rows per function: each costs about a second on 2 cores (mostly the Dask agreement
check); the options left out here are checked by example in ``test_loss_*.py``.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from op_table import ANY, Arg, kinked, same
from op_table import OpCase as C

import flexgrad.functions as F

LABEL = Arg(kind="int", low=-1, high=2)  # with 3 or 4 classes; -1 is the ignore label
BINARY = Arg(kind="int", low=-1, high=1)  # sigmoid_cross_entropy: 0, 1 or -1 (ignored)
SOFT = Arg(0.05, 1.0)  # soft targets (need not sum to 1: their gradient is checked too)
# two inputs on interleaved grids: x0 - x1 is never 0, and never within 0.05 of +-1
EVEN, ODD = Arg(grid=0.1), Arg(grid=0.1, offset=0.05)
WEIGHTS = np.array([0.5, 2.0, 1.0])


@st.composite
def labelled(draw: st.DrawFn, classes: tuple[int, int] = (3, 4), soft: bool = False,
             extra: int = 1):
    """Shapes of scores ``(N, C, ...)`` and of their labels ``(N, ...)`` (or soft
    targets of the scores' shape), with up to ``extra`` trailing axes."""
    n = draw(st.integers(1, 4))
    c = draw(st.integers(*classes))
    rest = tuple(draw(st.lists(st.integers(1, 3), max_size=extra)))
    x = (n, c, *rest)
    return x, (x if soft else (n, *rest))


SOFTMAX_CROSS_ENTROPY = [
    C("softmax_cross_entropy", labelled(), (ANY, LABEL)),
    C("softmax_cross_entropy", labelled(), (ANY, LABEL),
      kw={"reduce": "no", "cache_score": False}),
    C("softmax_cross_entropy", labelled(), (ANY, Arg(kind="int", low=0, high=2)),
      kw={"normalize": False, "ignore_label": 1}),
    C("softmax_cross_entropy", labelled((3, 3)), (ANY, LABEL),
      func=lambda x, t: F.softmax_cross_entropy(x, t, class_weight=WEIGHTS),
      tag="class_weight"),
    C("softmax_cross_entropy", labelled(), (Arg(-1e4, 1e4), LABEL), tag="logits of 1e4"),
    C("softmax_cross_entropy", labelled(soft=True), (ANY, SOFT), tag="soft"),
    C("softmax_cross_entropy", labelled(soft=True), (ANY, SOFT),
      kw={"soft_target_loss": "kl-divergence", "reduce": "no"}),
]

CLASSIFICATION = [
    C("sigmoid_cross_entropy", same(2, min_dims=1), (ANY, BINARY)),
    C("sigmoid_cross_entropy", same(2, min_dims=1), (Arg(-40.0, 40.0), BINARY),
      kw={"reduce": "no"}),
    C("hinge", labelled(extra=0), (kinked(-1.0, 1.0), Arg(kind="int", low=0, high=2))),
]

REGRESSION = [
    C("mean_squared_error", same(2)),
    C("squared_error", same(2)),
    C("mean_absolute_error", same(2), (EVEN, ODD)),
    C("absolute_error", same(2), (EVEN, ODD)),
    C("huber_loss", same(2, min_dims=2), (EVEN, ODD), kw={"delta": 1.0}),
]

# min_dims=1: Mul/Div backward turn 0-d NumPy gradients into NumPy scalars (reported)
VAE = [
    C("gaussian_kl_divergence", same(2, min_dims=1)),
    C("gaussian_nll", same(3, min_dims=1), kw={"reduce": "no"}),
    C("bernoulli_nll", same(2, min_dims=1), (Arg(0.0, 1.0), ANY)),
]

CASES = SOFTMAX_CROSS_ENTROPY + CLASSIFICATION + REGRESSION + VAE
