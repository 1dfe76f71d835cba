"""Op table rows: the evaluation metrics (forward values only: they are not differentiable)."""

from __future__ import annotations

from op_cases_loss import labelled
from op_table import DISTINCT, Arg, same
from op_table import OpCase as C

METRIC = {"grad": "not differentiable (evaluation metric)",
          "double": "not differentiable (evaluation metric)"}
# on a grid of powers of two, sums are exact: a constant column is exactly constant
EXACT = Arg(-2.0, 2.0, grid=0.25)

CASES = [
    C("accuracy", labelled(), (DISTINCT, Arg(kind="int", low=0, high=2)), gaps=METRIC),
    C("accuracy", labelled(), (DISTINCT, Arg(kind="int", low=-1, high=2)),
      kw={"ignore_label": -1}, gaps=METRIC),
    C("binary_accuracy", same(2), (Arg(), Arg(kind="int", low=-1, high=1)),
      gaps=METRIC),
    C("r2_score", same(2, min_dims=1), (EXACT, EXACT), gaps=METRIC),
    C("r2_score", same(2, min_dims=2), (EXACT, EXACT), kw={"multioutput": "raw_values"},
      gaps=METRIC),
]
