"""Op table rows: the losses (classification, regression, VAE).

Few rows per function: each costs about a second on 2 cores (mostly the Dask agreement
check); the options left out here are checked by example in ``test_loss_*.py``.
"""

from __future__ import annotations

import numpy as np
import op_refs as R
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
    C("softmax_cross_entropy", labelled(), (ANY, LABEL), ref=R.softmax_cross_entropy),
    C("softmax_cross_entropy", labelled(), (ANY, LABEL),
      kw={"reduce": "no", "cache_score": False},
      ref=lambda x, t: R.softmax_cross_entropy(x, t, reduce="no")),
    C("softmax_cross_entropy", labelled(), (ANY, Arg(kind="int", low=0, high=2)),
      kw={"normalize": False, "ignore_label": 1},
      ref=lambda x, t: R.softmax_cross_entropy(x, t, normalize=False, ignore_label=1)),
    C("softmax_cross_entropy", labelled((3, 3)), (ANY, LABEL),
      func=lambda x, t: F.softmax_cross_entropy(x, t, class_weight=WEIGHTS),
      tag="class_weight",
      ref=lambda x, t: R.softmax_cross_entropy(x, t, class_weight=WEIGHTS)),
    C("softmax_cross_entropy", labelled(), (Arg(-1e4, 1e4), LABEL), tag="logits of 1e4",
      ref=R.softmax_cross_entropy),
    C("softmax_cross_entropy", labelled(soft=True), (ANY, SOFT), tag="soft",
      ref=R.softmax_cross_entropy),
    C("softmax_cross_entropy", labelled(soft=True), (ANY, SOFT),
      kw={"soft_target_loss": "kl-divergence", "reduce": "no"},
      ref=lambda x, t: R.softmax_cross_entropy(x, t, soft_target_loss="kl-divergence",
                                               reduce="no")),
]

CLASSIFICATION = [
    C("sigmoid_cross_entropy", same(2, min_dims=1), (ANY, BINARY), ref=R.sigmoid_cross_entropy),
    C("sigmoid_cross_entropy", same(2, min_dims=1), (Arg(-40.0, 40.0), BINARY),
      kw={"reduce": "no"}, ref=lambda x, t: R.sigmoid_cross_entropy(x, t, reduce="no")),
    C("hinge", labelled(extra=0), (kinked(-1.0, 1.0), Arg(kind="int", low=0, high=2)),
      ref=R.hinge),
]

REGRESSION = [
    C("mean_squared_error", same(2), ref=lambda a, b: np.array(np.mean((a - b) ** 2))),
    C("squared_error", same(2), ref=lambda a, b: (a - b) ** 2),
    C("mean_absolute_error", same(2), (EVEN, ODD),
      ref=lambda a, b: np.array(np.mean(np.abs(a - b)))),
    C("absolute_error", same(2), (EVEN, ODD), ref=lambda a, b: np.abs(a - b)),
    C("huber_loss", same(2, min_dims=2), (EVEN, ODD), kw={"delta": 1.0},
      ref=lambda x, t: R.huber_loss(x, t, 1.0)),
]

# min_dims=1: Mul/Div backward turn 0-d NumPy gradients into NumPy scalars (reported)
VAE = [
    C("gaussian_kl_divergence", same(2, min_dims=1), ref=R.gaussian_kl_divergence),
    C("gaussian_nll", same(3, min_dims=1), kw={"reduce": "no"}, ref=R.gaussian_nll),
    C("bernoulli_nll", same(2, min_dims=1), (Arg(0.0, 1.0), ANY), ref=R.bernoulli_nll),
]

CASES = SOFTMAX_CROSS_ENTROPY + CLASSIFICATION + REGRESSION + VAE
