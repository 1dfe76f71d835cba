"""BlackOut: a sampled softmax loss for language models with large vocabularies."""

from __future__ import annotations

from typing import Any

from ... import backends
from ...errors import expect_integer, fail
from ...variable import Variable
from ..array._args import array_arg
from ..array.reshape import expand_dims
from ..math.average import mean
from ..math.exponential import expm1, log
from ..math.logsumexp import logsumexp
from ..math.sum import sum as _sum
from ._args import check_option
from ._sampled import check_sampled, sampled_scores, with_labels

_FN = "black_out"


def black_out(x: Variable | Any, t: Variable | Any, W: Variable | Any, samples: Variable | Any,
              reduce: str = "mean") -> Variable:
    """BlackOut loss (Ji et al., 2016): a softmax over the target and ``S`` sampled words
    only, ``-log p_t - sum_s log(1 - p_s)``, where ``p`` is that softmax.

    A composite of ``embed_id``, ``matmul`` and ``logsumexp``, so it differentiates twice.

    Args:
        x: the hidden vectors ``(B, units)``.
        t: the target words ``(B,)``, integers in ``[0, n_vocab)``.
        W: the output word vectors ``(n_vocab, units)``.
        samples: the negative words ``(B, S)``, integers in ``[0, n_vocab)`` (no gradient).
        reduce: ``'mean'`` (a scalar) or ``'no'`` (the loss per row, ``(B,)``).

    >>> import numpy as np, flexgrad.functions as F
    >>> x, W = np.ones((1, 2)), np.array([[1.0, 0.0], [0.0, 0.0]])
    >>> F.black_out(x, np.array([0]), W, np.array([[1]])).array
    array(0.62652338)
    """
    xa, ta, device = check_sampled(_FN, x, t, W)
    sa = array_arg(_FN, "samples", samples)
    expect_integer(_FN, "samples", sa, backends.backend_of(sa))
    if sa.ndim != 2 or sa.shape[0] != xa.shape[0]:
        fail(_FN, "samples", f"a 2-d array ({xa.shape[0]}, S) (x's rows)", sa)
    check_option(_FN, "reduce", reduce, ("mean", "no"))
    scores = sampled_scores(x, W, with_labels(ta, device.send(sa)))
    logz = logsumexp(scores, axis=1)
    negative = log(-expm1(scores[:, 1:] - expand_dims(logz, 1)))
    loss = logz - scores[:, 0] - _sum(negative, axis=1)
    return mean(loss) if reduce == "mean" else loss
