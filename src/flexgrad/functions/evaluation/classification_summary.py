"""Per-class precision, recall, F-beta score and support (evaluation: no gradients)."""

from __future__ import annotations

import math
from typing import Any

from ... import backends
from ...errors import expect_float, expect_integer, fail
from ...function_node import FunctionNode
from ...variable import Variable
from ..activation._args import real_arg
from ..array._args import array_arg, is_int


class ClassificationSummary(FunctionNode):
    """Counts per class from one-hot rows of the labels and of the arg-max predictions;
    a ratio with nothing to count is NaN (Chainer's 0 / 0), without a warning."""

    __slots__ = ("fn", "label_num", "beta", "ignore_label")

    def __init__(self, fn: str, label_num: int, beta: float, ignore_label: int) -> None:
        self.fn, self.label_num, self.beta, self.ignore_label = fn, label_num, beta, ignore_label

    def forward(self, inputs):
        y, t = inputs
        xp, backend = self.xp, self.backend
        expect_float(self.fn, "y", y, backend)
        expect_integer(self.fn, "t", t, backend)
        k = t.ndim
        if (y.ndim < 2 or k == 0 or tuple(t.shape) != (y.shape[0], *y.shape[2:k + 1])
                or any(n != 1 for n in y.shape[k + 1:])):
            fail(self.fn, "t", "labels of y's shape without its class axis 1", t)
        pred = backend.reshape(xp.argmax(y, axis=1), (-1,))
        true = backend.reshape(t, (-1,))
        counted = xp.expand_dims(xp.astype(true != self.ignore_label, y.dtype), axis=1)
        true_hot = backend.one_hot(true, self.label_num, y.dtype) * counted
        pred_hot = backend.one_hot(xp.astype(pred, t.dtype), self.label_num, y.dtype) * counted
        support = xp.sum(true_hot, axis=0)
        tp = xp.sum(true_hot * pred_hot, axis=0)
        precision = _ratio(xp, tp, xp.sum(pred_hot, axis=0))
        recall = _ratio(xp, tp, support)
        b2 = self.beta * self.beta
        fbeta = _ratio(xp, (1.0 + b2) * precision * recall, b2 * precision + recall)
        return precision, recall, fbeta, xp.astype(support, t.dtype)


def _ratio(xp: Any, num: Any, den: Any) -> Any:
    """``num / den``, NaN where ``den`` is 0 (no division by zero is carried out)."""
    nonzero = den != 0
    return xp.where(nonzero, num / xp.where(nonzero, den, xp.ones_like(den)),
                    xp.full_like(den, math.nan))


def _summary(fn: str, y: Any, t: Any, label_num: int | None, beta: float,
             ignore_label: int) -> tuple[Variable, ...]:
    ya, ta = array_arg(fn, "y", y), array_arg(fn, "t", t)
    if not is_int(ignore_label):
        fail(fn, "ignore_label", "an int", f"{ignore_label!r}", kind="type")
    beta = real_arg(fn, "beta", beta, positive=True)
    if label_num is None:  # as Chainer: the largest label + 1, read on the host
        backend = backends.backend_of(ta)
        expect_integer(fn, "t", ta, backend)
        label_num = int(backend.to_numpy(ta).max(initial=-1)) + 1
    elif not is_int(label_num) or label_num < 1:
        fail(fn, "label_num", "None or an int >= 1", f"{label_num!r}")
    node = ClassificationSummary(fn, int(label_num), beta, int(ignore_label))
    return node.apply((ya, ta))  # arrays, not Variables: no graph (not differentiable)


def classification_summary(y: Variable | Any, t: Variable | Any, label_num: int | None = None,
                           beta: float = 1.0, ignore_label: int = -1
                           ) -> tuple[Variable, Variable, Variable, Variable]:
    """Precision ``tp / (tp + fp)``, recall ``tp / (tp + fn)``, F-beta score and support
    (the count of each true label) for each of ``label_num`` classes, the prediction
    being the arg-max of ``y`` along axis 1. Not differentiable.

    Args:
        y: float scores (N, C, ...).
        t: integer labels (N, ...).
        label_num: the number of classes; None: the largest label in ``t`` plus one (read
            on the host, which computes a lazy ``t``).
        beta: the weight of recall in the F-beta score, > 0.
        ignore_label: instances with this label count nowhere.

    Returns:
        Four Variables of shape (label_num,): precision, recall and F-beta in ``y``'s
        dtype (NaN where nothing was predicted or present), support in ``t``'s.

    >>> import numpy as np, flexgrad.functions as F
    >>> y = np.array([[0.9, 0.1], [0.2, 0.8], [0.7, 0.3]])
    >>> p, r, f, s = F.classification_summary(y, np.array([0, 1, 1]))
    >>> p.array, r.array, s.array
    (array([0.5, 1. ]), array([1. , 0.5]), array([1, 2]))
    """
    return _summary("classification_summary", y, t, label_num, beta, ignore_label)


def precision(y: Variable | Any, t: Variable | Any, label_num: int | None = None,
              ignore_label: int = -1) -> tuple[Variable, Variable]:
    """Per-class precision and support, as ``classification_summary`` computes them."""
    summary = _summary("precision", y, t, label_num, 1.0, ignore_label)
    return summary[0], summary[3]


def recall(y: Variable | Any, t: Variable | Any, label_num: int | None = None,
           ignore_label: int = -1) -> tuple[Variable, Variable]:
    """Per-class recall and support, as ``classification_summary`` computes them."""
    summary = _summary("recall", y, t, label_num, 1.0, ignore_label)
    return summary[1], summary[3]


def fbeta_score(y: Variable | Any, t: Variable | Any, label_num: int | None = None,
                beta: float = 1.0, ignore_label: int = -1) -> tuple[Variable, Variable]:
    """Per-class F-beta score and support, as ``classification_summary`` computes them."""
    summary = _summary("fbeta_score", y, t, label_num, beta, ignore_label)
    return summary[2], summary[3]


def f1_score(y: Variable | Any, t: Variable | Any, label_num: int | None = None,
             ignore_label: int = -1) -> tuple[Variable, Variable]:
    """Per-class F1 score (the harmonic mean of precision and recall) and support."""
    summary = _summary("f1_score", y, t, label_num, 1.0, ignore_label)
    return summary[2], summary[3]
