"""Connectionist temporal classification (CTC): the negative log-likelihood of a label
sequence summed over every alignment of it to the inputs, by the forward algorithm in
log space."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ... import backends
from ...errors import expect_integer, fail
from ...variable import Variable
from .._value_check import check_values, out_of_range
from ..activation.softmax import log_softmax
from ..array._args import array_arg, arrays_arg, is_int
from ..array.get_item import get_item
from ..array.pad import pad
from ..array.reshape import reshape
from ..array.separate import separate
from ..array.stack import stack
from ..math.average import mean
from ..math.logsumexp import logsumexp
from ..math.matmul import matmul
from ..math.select import where
from ._args import check_option

# log(0) for states no alignment reaches, finite as in Chainer, so sums of them stay
# defined (no inf - inf) and exp(LOG_ZERO - anything reachable) is exactly 0
LOG_ZERO = -1e10
_FN = "connectionist_temporal_classification"


def connectionist_temporal_classification(
        x: Sequence[Variable | Any], t: Variable | Any, blank_symbol: int,
        input_length: Variable | Any = None, label_length: Variable | Any = None,
        reduce: str = "mean") -> Variable:
    """CTC loss of label sequences ``t`` under per-step scores ``x``, as Chainer's.

    An alignment is one label (or blank) per step; it spells ``t[b]`` once repeats are
    merged and blanks dropped. The loss is ``-log`` of the summed probability (softmax of
    each step's scores) of all alignments spelling ``t[b]``. A composite of
    ``log_softmax``, ``matmul`` (reading each step's log-probabilities along the
    blank-extended labels) and one ``logsumexp`` step per time step, so it differentiates
    to any order.

    Args:
        x: T arrays (B, V) of unnormalized scores, one per time step.
        t: integer labels (B, L), padded past ``label_length``.
        blank_symbol: the blank's index in [0, V).
        input_length: integer (B,): the steps of each sequence (None: all T). Steps past
            it are ignored.
        label_length: integer (B,): the labels of each sequence (None: all L). Labels past
            it are ignored, whatever their value; those inside must be in [0, V) (checked
            as ``embed_id`` checks its IDs).
        reduce: ``'mean'`` (over the batch) or ``'no'`` (one loss per sequence, (B,)).

    A label sequence that no alignment of the given length spells gets a loss of about
    1e10 (Chainer's too), not infinity.

    >>> import numpy as np, flexgrad.functions as F
    >>> x = [np.zeros((1, 2)), np.zeros((1, 2))]  # two steps, V=2: every path p = 1/4
    >>> round(float(F.connectionist_temporal_classification(x, np.array([[1]]), 0).array), 6)
    0.287682
    """
    steps, labels, backend = _inputs(x, t, blank_symbol)
    check_option(_FN, "reduce", reduce, ("mean", "no"))
    batch, n_labels = labels.shape
    xp = backend.xp
    device = backend.device_arg(labels)
    index_dtype = labels.dtype
    given = _lengths("label_length", label_length, batch, backend, n_labels)
    count = given if given is not None else \
        xp.full((batch,), n_labels, dtype=index_dtype, device=device)
    position = xp.arange(n_labels, dtype=index_dtype, device=device)
    labels = xp.where(position < count[:, None], labels, xp.full_like(labels, blank_symbol))
    vocab = steps[0].shape[1]
    labels = check_values(_FN, "t", labels, backend, out_of_range(0, vocab),
                          f"labels in [0, {vocab}) (the V of x)", "labels")
    extended = _with_blanks(xp, labels, blank_symbol)  # (B, S), S = 2 L + 1
    states = extended.shape[1]
    dtype = steps[0].dtype
    symbols = xp.arange(vocab, dtype=index_dtype, device=device)
    reads = xp.astype(symbols[None, :, None] == extended[:, None, :], dtype)  # (B, V, S)
    logp = log_softmax(stack(list(x), axis=0), axis=2)  # (T, B, V)
    emit = reshape(matmul(reshape(logp, (len(steps), batch, 1, vocab)), reads),
                   (len(steps), batch, states))
    state = xp.arange(states, dtype=index_dtype, device=device)
    # each state's three predecessors (itself, one and two back) in alpha padded by two
    sources = xp.stack([state + 2, state + 1, state])
    earlier = xp.concat([extended[:, :2], extended[:, :-2]], axis=1)
    can_skip = (state >= 2) & (extended != blank_symbol) & (extended != earlier)
    allowed = xp.stack([xp.ones_like(can_skip), xp.ones_like(can_skip), can_skip], axis=1)
    emits = separate(emit, axis=0)
    alpha = where(state < 2, emits[0], LOG_ZERO)
    lengths = _lengths("input_length", input_length, batch, backend, len(steps))
    for step in range(1, len(steps)):
        padded = pad(alpha, ((0, 0), (2, 0)), constant_values=LOG_ZERO)
        moves = where(allowed, get_item(padded, (slice(None), sources)), LOG_ZERO)
        new = logsumexp(moves, axis=1) + emits[step]
        alpha = new if lengths is None else where(step < lengths[:, None], new, alpha)
    final = (state == 2 * count[:, None]) | (state == 2 * count[:, None] - 1)
    loss = -logsumexp(where(final, alpha, LOG_ZERO), axis=1)
    return mean(loss) if reduce == "mean" else loss


def _inputs(x: Any, t: Any, blank_symbol: Any) -> tuple[list[Any], Any, Any]:
    """The checked arrays of the steps ``x`` and the labels ``t``, and their backend."""
    if not isinstance(x, (list, tuple)) or not x:
        fail(_FN, "x", "a non-empty list or tuple of (B, V) arrays, one per time step",
             f"{type(x).__name__}", kind="type")
    steps = arrays_arg(_FN, "x", x)
    first = steps[0]
    if first.ndim != 2:
        fail(_FN, "x[0]", "a 2-d array (B, V)", first)
    for i, step in enumerate(steps[1:], 1):
        if tuple(step.shape) != tuple(first.shape):
            fail(_FN, f"x[{i}]", f"shape {tuple(first.shape)} (that of x[0])", step)
    labels = array_arg(_FN, "t", t)
    backend = backends.backend_of(first)
    if backends.backend_of(labels) is not backend:
        fail(_FN, "t", f"an array on {backend.name} (the backend of x)", labels, kind="type")
    expect_integer(_FN, "t", labels, backend)
    if labels.ndim != 2 or labels.shape[0] != first.shape[0]:
        fail(_FN, "t", f"a 2-d array ({first.shape[0]}, L) of label sequences", labels)
    if not is_int(blank_symbol) or not 0 <= blank_symbol < first.shape[1]:
        fail(_FN, "blank_symbol", f"an int in [0, {first.shape[1]}) (V of x)",
             f"{blank_symbol!r}")
    return steps, labels, backend


def _lengths(arg: str, value: Any, batch: int, backend: Any, most: int) -> Any:
    """None, or the checked integer (B,) lengths ``arg``, each in [0, most]."""
    if value is None:
        return None
    lengths = array_arg(_FN, arg, value)
    if backends.backend_of(lengths) is not backend:
        fail(_FN, arg, f"an array on {backend.name} (the backend of x)", lengths, kind="type")
    expect_integer(_FN, arg, lengths, backend)
    if tuple(lengths.shape) != (batch,):
        fail(_FN, arg, f"shape ({batch},), one length per sequence", lengths)
    return check_values(_FN, arg, lengths, backend, out_of_range(0, most + 1),
                        f"lengths in [0, {most}]", "lengths")


def _with_blanks(xp: Any, labels: Any, blank: int) -> Any:
    """Labels (B, L) as (B, 2 L + 1): a blank before, between and after them."""
    batch, device = labels.shape[0], backends.backend_of(labels).device_arg(labels)
    woven = xp.reshape(xp.stack([xp.full_like(labels, blank), labels], axis=2), (batch, -1))
    last = xp.full((batch, 1), blank, dtype=labels.dtype, device=device)
    return xp.concat([woven, last], axis=1)
