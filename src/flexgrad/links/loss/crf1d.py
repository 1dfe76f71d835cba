"""CRF1d: a linear-chain CRF layer with learned transition costs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ...functions.array.transpose_sequence import transpose_sequence
from ...functions.loss.crf1d import argmax_crf1d, crf1d
from ...link import Link
from ...variable import Parameter, Variable


class CRF1d(Link):
    """Linear-chain CRF over ``n_label`` labels, its transition scores the parameter
    ``cost`` (see :func:`flexgrad.functions.crf1d`).

    Args:
        n_label: the number of labels.
        initial_cost: initializer of ``cost`` (n_label, n_label); zeros when None.
        transpose: if True, ``xs`` and ``ys`` are batch-major (one ``(T_b, n_label)``
            array per sequence, sorted by decreasing length) and are transposed to the
            time-major lists the function takes; ``argmax`` transposes its path back.

    >>> import numpy as np, flexgrad.links as L
    >>> crf = L.CRF1d(2)
    >>> xs = [np.zeros((1, 2), dtype=np.float32), np.zeros((1, 2), dtype=np.float32)]
    >>> crf(xs, [np.array([0]), np.array([1])]).array
    array(1.3862944, dtype=float32)
    """

    def __init__(self, n_label: int, initial_cost: Any = None, transpose: bool = False) -> None:
        super().__init__()
        self.transpose = transpose
        with self.init_scope():
            self.cost = Parameter(0 if initial_cost is None else initial_cost,
                                  (n_label, n_label))

    def forward(self, xs: Sequence[Variable | Any], ys: Sequence[Variable | Any],
                reduce: str = "mean", transpose: bool = False) -> Variable:
        """The CRF loss of label sequences ``ys`` given scores ``xs``."""
        if self.transpose or transpose:
            xs, ys = transpose_sequence(xs), transpose_sequence(ys)
        return crf1d(self.cost, xs, ys, reduce=reduce)

    def argmax(self, xs: Sequence[Variable | Any], transpose: bool = False
               ) -> tuple[Variable, list[Any]]:
        """The best path of each sequence and its score (see ``argmax_crf1d``)."""
        transposed = self.transpose or transpose
        if transposed:
            xs = transpose_sequence(xs)
        score, path = argmax_crf1d(self.cost, xs)
        if transposed:
            path = [p.array for p in transpose_sequence(path)]
        return score, path
