"""CRF1d: a linear-chain CRF layer with learned transition costs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ... import backends
from ...functions.array.permutate import permutate
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
            array per sequence, in any order of lengths): they are sorted by decreasing
            length and transposed to the time-major lists the function takes, and what
            comes back per sequence (the ``reduce='no'`` loss, ``argmax``'s scores and
            paths) is in the caller's order, as in Chainer.

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
        if not (self.transpose or transpose):
            return crf1d(self.cost, xs, ys, reduce=reduce)
        order = _longest_first(xs)
        loss = crf1d(self.cost, transpose_sequence([xs[i] for i in order]),
                     transpose_sequence([ys[i] for i in order]), reduce=reduce)
        return loss if reduce == "mean" else _in_caller_order(loss, order)

    def argmax(self, xs: Sequence[Variable | Any], transpose: bool = False
               ) -> tuple[Variable, list[Any]]:
        """The best path of each sequence and its score (see ``argmax_crf1d``)."""
        if not (self.transpose or transpose):
            return argmax_crf1d(self.cost, xs)
        order = _longest_first(xs)
        score, path = argmax_crf1d(self.cost, transpose_sequence([xs[i] for i in order]))
        paths: list[Any] = [None] * len(order)
        for i, p in zip(order, transpose_sequence(path), strict=True):
            paths[i] = p.array
        return _in_caller_order(score, order), paths


def _longest_first(xs: Sequence[Variable | Any]) -> list[int]:
    """The indices of ``xs`` by decreasing length (ties keep their order)."""
    return sorted(range(len(xs)), key=lambda i: -xs[i].shape[0])


def _in_caller_order(v: Variable, order: list[int]) -> Variable:
    """``v``, one row per sequence in ``order``, put back in the caller's order."""
    backend = backends.backend_of(v.array)
    xp = backend.xp
    indices = xp.asarray(order, dtype=xp.int32, device=backend.device_arg(v.array))
    return permutate(v, indices, inv=True)
