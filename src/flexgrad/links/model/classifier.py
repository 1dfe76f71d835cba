"""Classifier: a predictor with a loss and an accuracy, as Chainer trains models."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...functions.evaluation.accuracy import accuracy
from ...functions.loss.softmax_cross_entropy import softmax_cross_entropy
from ...link import Chain, Link
from ...reporter import report
from ...variable import Variable


class Classifier(Chain):
    """Wraps ``predictor``: ``model(x, t)`` returns ``lossfun(predictor(x), t)``.

    The loss and accuracy are reported (``flexgrad.report``) as ``'loss'`` and
    ``'accuracy'`` of this link (``'main/loss'`` in a Trainer's log); the prediction, loss
    and accuracy of the last call are also kept as ``.y``, ``.loss`` and ``.accuracy``.

    Args:
        predictor: the link that maps inputs to scores; registered as ``/predictor``.
        lossfun: ``lossfun(y, t)``, softmax cross entropy by default.
        accfun: ``accfun(y, t)``, accuracy by default; skipped when ``compute_accuracy``
            is False.
        label_key: which positional argument (an int) or keyword argument (a str) is the
            label; the others go to the predictor.

    >>> import numpy as np, flexgrad.links as L
    >>> model = L.Classifier(L.Linear(2, 2, initialW=np.eye(2, dtype=np.float32)))
    >>> loss = model(np.array([[5.0, 0.0]], dtype=np.float32), np.array([0]))
    >>> float(model.accuracy.array)
    1.0
    """

    compute_accuracy = True

    def __init__(self, predictor: Link, lossfun: Callable = softmax_cross_entropy,
                 accfun: Callable = accuracy, label_key: int | str = -1) -> None:
        super().__init__()
        if not isinstance(label_key, (int, str)):
            raise TypeError(f"Classifier: label_key must be an int or a str, got "
                            f"{type(label_key).__name__}")
        self.lossfun, self.accfun, self.label_key = lossfun, accfun, label_key
        self.y = self.loss = self.accuracy = None
        with self.init_scope():
            self.predictor = predictor

    def forward(self, *args: Any, **kwargs: Any) -> Variable:
        """The loss of the predictor's output on the label among the arguments."""
        if isinstance(self.label_key, int):
            if not -len(args) <= self.label_key < len(args):
                raise ValueError(f"Classifier: label_key {self.label_key} is not an index of "
                                 f"the {len(args)} positional arguments")
            t = args[self.label_key]
            key = self.label_key % len(args)
            args = args[:key] + args[key + 1:]
        else:
            if self.label_key not in kwargs:
                raise ValueError(f"Classifier: label_key {self.label_key!r} is not among the "
                                 "keyword arguments")
            kwargs = dict(kwargs)
            t = kwargs.pop(self.label_key)
        self.y = self.loss = self.accuracy = None
        self.y = self.predictor(*args, **kwargs)
        self.loss = self.lossfun(self.y, t)
        report({"loss": self.loss}, self)
        if self.compute_accuracy:
            self.accuracy = self.accfun(self.y, t)
            report({"accuracy": self.accuracy}, self)
        return self.loss
