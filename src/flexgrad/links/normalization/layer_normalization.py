"""LayerNormalization: each row standardized over its features."""

from __future__ import annotations

from typing import Any

from ...functions.normalization.layer_normalization import layer_normalization
from ...variable import Variable
from ._affine import AffineNormalization


class LayerNormalization(AffineNormalization):
    """Layer normalization (see :func:`flexgrad.functions.layer_normalization`).

    Args:
        size: the number of features, or None to take it from the first input.
        eps: added to the variance.
        initial_gamma, initial_beta: initializers of ``gamma`` (ones) and ``beta`` (zeros).

    >>> import numpy as np, flexgrad.links as L
    >>> L.LayerNormalization(2, eps=0.0)(np.array([[1.0, 3.0]], np.float32)).array
    array([[-1.,  1.]], dtype=float32)
    """

    def __init__(self, size: int | None = None, eps: float = 1e-6, initial_gamma: Any = None,
                 initial_beta: Any = None) -> None:
        super().__init__(size, initial_gamma, initial_beta)
        self.eps = eps

    def forward(self, x: Variable | Any) -> Variable:
        """``x`` (B, size) normalized per row."""
        self._ready(x)
        return layer_normalization(x, self.gamma, self.beta, self.eps)
