"""BlackOut: an output layer for large vocabularies, trained on sampled words."""

from __future__ import annotations

from typing import Any

from ...functions.loss.black_out import black_out
from ...utils import WalkerAlias
from ...variable import Parameter, Variable
from .._params import weight
from ._sampler import SamplerLink


class BlackOut(SamplerLink):
    """BlackOut loss with learned output vectors ``W`` (see
    :func:`flexgrad.functions.black_out`); samples are drawn in proportion to ``counts``.

    Args:
        in_size: the size of the hidden vectors.
        counts: how often each word occurs (a list or 1-d array, one per word).
        sample_size: the number of sampled words per row.

    ``W`` starts from LeCunNormal (Chainer leaves it NaN for the user to fill). Setting
    ``sample_data`` to a ``(B, sample_size)`` array uses it instead of drawing, as in
    Chainer's tests.

    >>> import numpy as np, flexgrad.links as L
    >>> link = L.BlackOut(3, [5, 1, 2], sample_size=2)
    >>> link(np.ones((4, 3), dtype=np.float32), np.array([0, 2, 1, 1])).shape
    ()
    """

    sample_data: Any = None

    def __init__(self, in_size: int, counts: Any, sample_size: int) -> None:
        super().__init__()
        self.sample_size = sample_size
        self.sampler = WalkerAlias(counts)
        with self.init_scope():
            self.W = Parameter(weight(None), (len(counts), in_size))

    def forward(self, x: Variable | Any, t: Variable | Any) -> Variable:
        """The mean loss of ``x`` (B, in_size) against words ``t`` (B,)."""
        samples = self.sample_data
        if samples is None:
            samples = self.draw(x, (x.shape[0], self.sample_size))
        return black_out(x, t, self.W, samples)
