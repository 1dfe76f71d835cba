"""Op table rows: the evaluation metrics (forward values only: they are not differentiable)."""

from __future__ import annotations

import numpy as np
from op_cases_loss import labelled
from op_table import DISTINCT, Arg, same
from op_table import OpCase as C

METRIC = {"grad": "not differentiable (evaluation metric)",
          "double": "not differentiable (evaluation metric)"}
# on a grid of powers of two, sums are exact: a constant column is exactly constant
EXACT = Arg(-2.0, 2.0, grid=0.25)


def _fraction(hits, counted):
    """hits / counted, or 0 when nothing is counted (Chainer's convention)."""
    return np.float64(hits / counted if counted else 0.0)


def _ref_accuracy(y, t, ignore_label=None):
    """Count, instance by instance, the labels equal to the arg-max class along axis 1."""
    pred = np.argmax(y, axis=1)
    hits = counted = 0
    for index in np.ndindex(t.shape):
        if ignore_label is not None and t[index] == ignore_label:
            continue
        counted += 1
        hits += int(pred[index] == t[index])
    return _fraction(hits, counted)


def _ref_binary_accuracy(y, t):
    """The fraction of labels 0 or 1 (-1 is ignored) predicted by the sign of y."""
    counted = t != -1
    hits = ((y >= 0) == (t == 1)) & counted
    return _fraction(np.sum(hits), np.sum(counted))


def _ref_r2_score(pred, true, multioutput="uniform_average"):
    """1 - SS_res / SS_tot per output (samples along axis 0); a constant output scores 0."""
    ss_res = np.sum((pred - true) ** 2, axis=0)
    ss_tot = np.sum((true - true.mean(axis=0)) ** 2, axis=0)
    raw = np.array([0.0 if tot == 0 else 1 - res / tot
                    for res, tot in zip(ss_res.ravel(), ss_tot.ravel(), strict=True)])
    raw = raw.reshape(ss_res.shape)
    return raw if multioutput == "raw_values" else np.mean(raw)


CASES = [
    C("accuracy", labelled(), (DISTINCT, Arg(kind="int", low=0, high=2)), gaps=METRIC,
      ref=_ref_accuracy),
    C("accuracy", labelled(), (DISTINCT, Arg(kind="int", low=-1, high=2)),
      kw={"ignore_label": -1}, gaps=METRIC, ref=lambda y, t: _ref_accuracy(y, t, -1)),
    C("binary_accuracy", same(2), (Arg(), Arg(kind="int", low=-1, high=1)),
      gaps=METRIC, ref=_ref_binary_accuracy),
    C("r2_score", same(2, min_dims=1), (EXACT, EXACT), gaps=METRIC, ref=_ref_r2_score),
    C("r2_score", same(2, min_dims=2), (EXACT, EXACT), kw={"multioutput": "raw_values"},
      gaps=METRIC, ref=lambda p, t: _ref_r2_score(p, t, "raw_values")),
]
