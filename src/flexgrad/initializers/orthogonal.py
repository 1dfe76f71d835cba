"""The Orthogonal initializer: a scaled random orthogonal matrix (Saxe et al., 2014)."""

from __future__ import annotations

import math
from typing import Any

from ._base import NP, Initializer, draw


class Orthogonal(Initializer):
    """``scale`` times a random matrix with orthonormal rows (or columns, if taller).

    A weight of shape ``(out, *rest)`` is made as an ``(out, prod(rest))`` matrix.

    >>> import flexgrad
    >>> w = flexgrad.initializers.Orthogonal(1.0).generate((2, 3), '@numpy')
    >>> bool(abs(w @ w.T - flexgrad.backends.NUMPY.xp.eye(2)).max() < 1e-5)
    True
    """

    def __init__(self, scale: float = 1.1, dtype: Any = None, rng: Any = None) -> None:
        super().__init__(dtype)
        self.scale = scale
        self.rng = rng

    def make(self, shape: tuple[int, ...], dtype: Any) -> Any:
        if len(shape) == 0:
            raise ValueError("Orthogonal: the shape must have at least one dimension")
        xp = NP.xp
        rows, cols = shape[0], math.prod(shape[1:])
        tall = rows > cols
        a = draw(self.rng, "normal", 0.0, 1.0, (max(rows, cols), min(rows, cols)),
                 NP.dtype("float64"))
        q, r = xp.linalg.qr(a)
        q = q * xp.sign(xp.linalg.diagonal(r))  # unique, uniformly distributed q
        q = q if tall else xp.matrix_transpose(q)
        return xp.astype(xp.reshape(q * self.scale, shape), dtype)
