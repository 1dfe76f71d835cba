"""GroupNormalization: channels standardized in groups, per sample."""

from __future__ import annotations

from typing import Any

from ...functions.normalization.group_normalization import group_normalization
from ...variable import Variable
from ._affine import AffineNormalization


class GroupNormalization(AffineNormalization):
    """Group normalization (see :func:`flexgrad.functions.group_normalization`).

    Args:
        groups: the number of channel groups.
        size: the number of channels, or None to take it from the first input.
        eps: added to the variance.
        initial_gamma, initial_beta: initializers of ``gamma`` (ones) and ``beta`` (zeros).

    >>> import numpy as np, flexgrad.links as L
    >>> L.GroupNormalization(1, 2, eps=0.0)(np.array([[1.0, 3.0]], np.float32)).array
    array([[-1.,  1.]], dtype=float32)
    """

    def __init__(self, groups: int, size: int | None = None, eps: float = 1e-5,
                 initial_gamma: Any = None, initial_beta: Any = None) -> None:
        super().__init__(size, initial_gamma, initial_beta)
        self.groups, self.eps = groups, eps

    def forward(self, x: Variable | Any) -> Variable:
        """``x`` (B, size, ...) normalized per sample and group."""
        self._ready(x)
        return group_normalization(x, self.groups, self.gamma, self.beta, self.eps)
