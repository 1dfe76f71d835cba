"""Linear-chain CRF: the sequence-labelling loss (log partition minus the path score) and
Viterbi decoding, over time-major batches sorted by decreasing length, as in Chainer."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ... import backends
from ...errors import expect_float, expect_integer, expect_same_dtype, fail
from ...variable import Variable
from ..array._args import array_arg, arrays_arg
from ..array.concat import concat
from ..array.reshape import expand_dims, reshape
from ..array.select_item import select_item
from ..array.split_axis import split_axis
from ..connection.embed_id import embed_id
from ..math.argminmax import argmax
from ..math.logsumexp import logsumexp
from ..math.minmax import max as _max
from ..math.sum import sum as _sum
from ._args import check_option


def _check(fn: str, cost: Any, xs: Any) -> tuple[Any, list[Any]]:
    """The backend of ``cost`` (n_label, n_label) and the arrays of ``xs``, each
    ``(B_t, n_label)`` with ``B_t`` never growing."""
    ca = array_arg(fn, "cost", cost)
    backend = backends.backend_of(ca)
    expect_float(fn, "cost", ca, backend)
    if ca.ndim != 2 or ca.shape[0] != ca.shape[1]:
        fail(fn, "cost", "a square 2-d array (n_label, n_label)", ca)
    xas, n, prev = arrays_arg(fn, "xs", xs), ca.shape[0], None
    for i, xa in enumerate(xas):
        if backends.backend_of(xa) is not backend:
            fail(fn, f"xs[{i}]", f"an array on {backend.name} (the backend of 'cost')", xa,
                 kind="type")
        expect_same_dtype(fn, ("cost", f"xs[{i}]"), (ca, xa))
        if xa.ndim != 2 or xa.shape[1] != n or (prev is not None and xa.shape[0] > prev):
            batch = "B_t" if prev is None else f"B_t <= {prev}"
            fail(fn, f"xs[{i}]", f"shape ({batch}, {n}): steps of sequences sorted by "
                                 "decreasing length, n_label scores each", xa)
        prev = xa.shape[0]
    return backend, xas


def _labels(fn: str, ys: Any, xas: list[Any], backend: Any) -> list[Any]:
    """The arrays of ``ys``: one ``(B_t,)`` integer array per step of ``xs``."""
    yas = arrays_arg(fn, "ys", ys)
    if len(yas) != len(xas):
        fail(fn, "ys", f"{len(xas)} label arrays (one per step of xs)", f"{len(yas)}")
    for i, (ya, xa) in enumerate(zip(yas, xas, strict=True)):
        if backends.backend_of(ya) is not backend:
            fail(fn, f"ys[{i}]", f"an array on {backend.name} (the backend of 'cost')", ya,
                 kind="type")
        expect_integer(fn, f"ys[{i}]", ya, backend)
        if tuple(ya.shape) != (xa.shape[0],):
            fail(fn, f"ys[{i}]", f"shape ({xa.shape[0]},) (that of xs[{i}]'s batch)", ya)
    return yas


def _split(v: Variable | Any, batch: int) -> tuple[Variable | Any, Variable | None]:
    """``v``'s first ``batch`` rows, and the rest (None when there is none): the
    sequences that go on, and those that ended at this step."""
    if v.shape[0] == batch:
        return v, None
    return split_axis(v, [batch], axis=0)


def _joined(v: Variable, rests: Sequence[Variable | None]) -> Variable:
    """``v`` with the rows split off at each step put back below it, in batch order."""
    ended = [r for r in reversed(rests) if r is not None]
    return concat([v, *ended], axis=0) if ended else v


def crf1d(cost: Variable | Any, xs: Sequence[Variable | Any], ys: Sequence[Variable | Any],
          reduce: str = "mean") -> Variable:
    """Negative log-likelihood of the label paths ``ys`` under a linear-chain CRF.

    A path's score is the sum of its unary scores ``xs[t][b, ys[t][b]]`` and of its
    transition costs ``cost[ys[t-1][b], ys[t][b]]``; the loss is ``log Z - score``, ``Z``
    summing ``exp(score)`` over every path (the forward algorithm, with ``logsumexp``).
    A composite of flexgrad functions, so it differentiates twice.

    Args:
        cost: the transition scores ``(n_label, n_label)``, from label ``i`` to ``j``.
        xs: one ``(B_t, n_label)`` score array per time step; the sequences are sorted by
            decreasing length, so ``B_t`` never grows (see ``transpose_sequence``).
        ys: one ``(B_t,)`` integer label array per time step.
        reduce: ``'mean'`` (the summed loss over the ``B_0`` sequences) or ``'no'`` (the
            loss per sequence, ``(B_0,)``).

    >>> import numpy as np, flexgrad.functions as F
    >>> xs = [np.zeros((1, 2)), np.zeros((1, 2))]
    >>> F.crf1d(np.zeros((2, 2)), xs, [np.array([0]), np.array([1])]).array
    array(1.38629436)
    """
    fn = "crf1d"
    backend, xas = _check(fn, cost, xs)
    yas = _labels(fn, ys, xas, backend)
    check_option(fn, "reduce", reduce, ("mean", "no"))
    n = xas[0].shape[1]
    alpha, rests = xs[0], []
    for x, xa in zip(xs[1:], xas[1:], strict=True):
        alpha, rest = _split(alpha, xa.shape[0])
        rests.append(rest)
        alpha = logsumexp(expand_dims(alpha, 2) + cost, axis=1) + x
    log_z = logsumexp(_joined(alpha, rests), axis=1)
    flat_cost = reshape(cost, (n * n, 1))
    score, rests = select_item(xs[0], yas[0]), []
    for x, y, y_prev in zip(xs[1:], yas[1:], yas[:-1], strict=True):
        batch = y.shape[0]
        score, rest = _split(score, batch)
        rests.append(rest)
        moves = backend.xp.astype(y_prev[:batch], y.dtype) * n + y
        score = score + select_item(x, y) + reshape(embed_id(moves, flat_cost), (batch,))
    loss = log_z - _joined(score, rests)
    return _sum(loss) * (1.0 / xas[0].shape[0]) if reduce == "mean" else loss


def argmax_crf1d(cost: Variable | Any, xs: Sequence[Variable | Any]
                 ) -> tuple[Variable, list[Any]]:
    """The best label path of each sequence under a linear-chain CRF (Viterbi), and its
    score.

    Args:
        cost: the transition scores ``(n_label, n_label)``.
        xs: one ``(B_t, n_label)`` score array per time step, ``B_t`` never growing.

    Returns:
        ``(score, path)``: the best scores ``(B_0,)`` (a Variable), and the path as one
        int32 ``(B_t,)`` array of labels per time step.

    >>> import numpy as np, flexgrad.functions as F
    >>> xs = [np.array([[0.0, 1.0]]), np.array([[2.0, 0.0]])]
    >>> score, path = F.argmax_crf1d(np.array([[0.0, 0.0], [0.0, -5.0]]), xs)
    >>> score.array, [p.tolist() for p in path]
    (array([3.]), [[1], [0]])
    """
    backend, xas = _check("argmax_crf1d", cost, xs)
    xp = backend.xp
    alpha, rests, best_prev = xs[0], [], []
    for x, xa in zip(xs[1:], xas[1:], strict=True):
        alpha, rest = _split(alpha, xa.shape[0])
        rests.append(rest)
        scores = expand_dims(alpha, 2) + cost
        best_prev.append(argmax(scores, axis=1).array)
        alpha = _max(scores, axis=1) + x
    labels = argmax(alpha, axis=1).array
    path = [labels]
    for prev, rest in zip(reversed(best_prev), reversed(rests), strict=True):
        labels = backend.take_along_axis(prev, xp.expand_dims(labels, axis=1), axis=1)
        labels = xp.astype(labels[:, 0], path[0].dtype)  # Dask's comes back as int64
        if rest is not None:
            labels = xp.concat([labels, argmax(rest, axis=1).array], axis=0)
        path.append(labels)
    path.reverse()
    ended = [None if r is None else _max(r, axis=1) for r in rests]
    return _joined(_max(alpha, axis=1), ended), path
