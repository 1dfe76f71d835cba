"""Negative sampling: word2vec's cheap stand-in for a softmax over a large vocabulary."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ... import backends
from ...errors import expect_integer, fail
from ...variable import Variable
from ..activation.softplus import softplus
from ..math.sum import sum as _sum
from ._args import check_option
from ._sampled import check_sampled, sample_size_arg, sampled_scores, with_labels

_FN = "negative_sampling"
IGNORE_LABEL = -1  # Chainer's: a row labelled -1 has a loss of 0 and no gradient


def _drawn(sampler: Callable[[tuple[int, int]], Any], shape: tuple[int, int],
           device: backends.Device) -> Any:
    """``sampler(shape)`` moved to ``device``, after checking what came back."""
    drawn = sampler(shape)
    if isinstance(drawn, Variable):
        drawn = drawn.array
    if not backends.is_array(drawn) or tuple(drawn.shape) != shape:
        fail(_FN, "sampler", f"a function returning an integer array of shape {shape}", drawn)
    expect_integer(_FN, "sampler", drawn, backends.backend_of(drawn))
    return device.send(drawn)


def negative_sampling(x: Variable | Any, t: Variable | Any, W: Variable | Any,
                      sampler: Callable[[tuple[int, int]], Any], sample_size: int,
                      reduce: str = "sum", *, return_samples: bool = False
                      ) -> Variable | tuple[Variable, Any]:
    """Negative sampling loss: ``-log sigmoid(w_t . x) - sum_s log sigmoid(-w_s . x)``
    per row, over ``sample_size`` negative words ``s`` drawn by ``sampler``.

    A composite of ``embed_id``, ``matmul`` and ``softplus``: only the sampled rows of
    ``W`` get a gradient, and it differentiates twice.

    Args:
        x: the hidden vectors ``(B, units)``.
        t: the target words ``(B,)``, integers in ``[0, n_vocab)``; a row whose label is
            -1 has a loss of 0 and passes no gradient.
        W: the output word vectors ``(n_vocab, units)``.
        sampler: a function of a shape returning integer word IDs of that shape (e.g.
            ``WalkerAlias(p).sample``); it is called once with ``(B, sample_size + 1)``
            and column 0 is replaced by ``t``, as in Chainer.
        sample_size: the number of negative samples per row.
        reduce: ``'sum'`` (a scalar) or ``'no'`` (the loss per row, ``(B,)``).
        return_samples: also return the ``(B, sample_size + 1)`` IDs used.

    >>> import numpy as np, flexgrad.functions as F
    >>> sampler = lambda shape: np.ones(shape, dtype=np.int32)
    >>> x, W = np.ones((2, 3)), np.zeros((4, 3))
    >>> F.negative_sampling(x, np.array([0, -1]), W, sampler, 2, reduce="no").array
    array([2.07944154, 0.        ])
    """
    xa, ta, device = check_sampled(_FN, x, t, W)
    size = sample_size_arg(_FN, sample_size)
    check_option(_FN, "reduce", reduce, ("sum", "no"))
    if not callable(sampler):
        fail(_FN, "sampler", "a function of a shape", f"{sampler!r}", kind="type")
    samples = with_labels(ta, _drawn(sampler, (xa.shape[0], size + 1), device)[:, 1:])
    xp, where = device.backend.xp, device.backend.device_arg(xa)
    sign = xp.concat([-xp.ones((1, 1), dtype=xa.dtype, device=where),
                      xp.ones((1, size), dtype=xa.dtype, device=where)], axis=1)
    scores = sampled_scores(x, W, samples, ignore_label=IGNORE_LABEL)
    kept = xp.expand_dims(xp.astype(ta != IGNORE_LABEL, xa.dtype), axis=1)
    loss = softplus(scores * sign) * kept
    loss = _sum(loss) if reduce == "sum" else _sum(loss, axis=1)
    return (loss, samples) if return_samples else loss
