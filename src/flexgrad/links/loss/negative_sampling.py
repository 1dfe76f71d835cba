"""NegativeSampling: word2vec's output layer, trained by negative sampling."""

from __future__ import annotations

from typing import Any

from ... import initializers
from ...functions.loss.negative_sampling import negative_sampling
from ...utils import WalkerAlias
from ...variable import Parameter, Variable
from ._sampler import SamplerLink


class NegativeSampling(SamplerLink):
    """Negative sampling loss with learned output vectors ``W`` (see
    :func:`flexgrad.functions.negative_sampling`).

    Negative words are drawn with probability proportional to ``counts ** power``.

    Args:
        in_size: the size of the hidden vectors.
        counts: how often each word occurs (a list or 1-d array, one per word).
        sample_size: the number of negative samples per row.
        power: the exponent applied to ``counts`` (0.75, as in word2vec).
        dtype: the dtype of ``W`` (float32 when None); ``W`` starts at zeros, as in Chainer.

    >>> import numpy as np, flexgrad.links as L
    >>> link = L.NegativeSampling(3, [5, 1, 2], sample_size=2)
    >>> link(np.ones((2, 3), dtype=np.float32), np.array([0, 2])).array
    array(4.158883, dtype=float32)
    """

    def __init__(self, in_size: int, counts: Any, sample_size: int, power: float = 0.75,
                 dtype: Any = None) -> None:
        super().__init__()
        self.sample_size = sample_size
        self.sampler = WalkerAlias([float(c) ** power for c in counts])
        with self.init_scope():
            self.W = Parameter(initializers.Constant(0, dtype), (len(counts), in_size))

    def forward(self, x: Variable | Any, t: Variable | Any, reduce: str = "sum",
                **kwargs: Any) -> Variable | tuple[Variable, Any]:
        """The loss of ``x`` (B, in_size) against words ``t`` (B,); ``return_samples``
        as in the function."""
        return negative_sampling(x, t, self.W, lambda shape: self.draw(x, shape),
                                 self.sample_size, reduce=reduce, **kwargs)
