"""The Orthogonal initializer: a scaled random orthogonal matrix (Saxe et al., 2014)."""

from __future__ import annotations

import math
from typing import Any

from ._base import NP, Initializer, draw

# mode -> (whether the input side may not exceed the output side, and the reverse)
_CONSTRAINTS = {"auto": (False, False), "projection": (False, True),
                "embedding": (True, False), "basis": (True, True)}


class Orthogonal(Initializer):
    """``scale`` times a random matrix with orthonormal rows (or columns, if taller).

    A weight of shape ``(out, *rest)`` is made as an ``(out, prod(rest))`` matrix; a 0-d
    one is ``+scale`` or ``-scale``.

    Args:
        scale: the factor the orthogonal matrix is multiplied by.
        dtype: the dtype, or None for the parameter's.
        mode: what the shape must allow, as Chainer: ``'auto'`` (anything), ``'projection'``
            (out <= in: orthonormal rows), ``'embedding'`` (out >= in: orthonormal
            columns) or ``'basis'`` (square).
        rng: a generator with NumPy's ``normal``; flexgrad's seeded one when None.

    >>> import flexgrad
    >>> w = flexgrad.initializers.Orthogonal(1.0).generate((2, 3), '@numpy')
    >>> bool(abs(w @ w.T - flexgrad.backends.NUMPY.xp.eye(2)).max() < 1e-5)
    True
    """

    def __init__(self, scale: float = 1.1, dtype: Any = None, mode: str = "auto",
                 rng: Any = None) -> None:
        super().__init__(dtype)
        if mode not in _CONSTRAINTS:
            raise ValueError(f"Orthogonal: mode must be one of {', '.join(_CONSTRAINTS)}, "
                             f"got {mode!r}")
        self.scale = scale
        self.mode = mode
        self.rng = rng

    def make(self, shape: tuple[int, ...], dtype: Any) -> Any:
        xp = NP.xp
        if len(shape) == 0:
            sign = xp.sign(draw(self.rng, "uniform", -1.0, 1.0, (), NP.dtype("float64")))
            return xp.astype(sign * self.scale, dtype)
        rows, cols = shape[0], math.prod(shape[1:])
        if rows * cols == 0:
            raise ValueError(f"Orthogonal: cannot make an orthogonal system of shape {shape}")
        in_at_most_out, out_at_most_in = _CONSTRAINTS[self.mode]
        if (in_at_most_out and cols > rows) or (out_at_most_in and rows > cols):
            raise ValueError(f"Orthogonal: cannot make an orthogonal {self.mode} of shape "
                             f"{shape}, read as {cols} inputs and {rows} outputs")
        tall = rows > cols
        a = draw(self.rng, "normal", 0.0, 1.0, (max(rows, cols), min(rows, cols)),
                 NP.dtype("float64"))
        q, r = xp.linalg.qr(a)
        q = q * xp.sign(xp.linalg.diagonal(r))  # unique, uniformly distributed q
        q = q if tall else xp.matrix_transpose(q)
        return xp.astype(xp.reshape(q * self.scale, shape), dtype)
