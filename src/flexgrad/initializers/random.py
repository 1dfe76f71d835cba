"""Fixed-scale random initializers: Normal and Uniform (drawn on NumPy, then sent)."""

from __future__ import annotations

from typing import Any

from ._base import Initializer, draw


class Normal(Initializer):
    """Draws from a normal distribution of mean 0 and standard deviation ``scale``.

    ``rng``, as in Chainer, may be a NumPy generator to draw from instead of flexgrad's
    (which ``flexgrad.set_seed`` reseeds); so for every random initializer.

    >>> import flexgrad
    >>> flexgrad.set_seed(0)
    >>> flexgrad.initializers.Normal(0.1).generate((2,), '@numpy').shape
    (2,)
    """

    def __init__(self, scale: float = 0.05, dtype: Any = None, rng: Any = None) -> None:
        super().__init__(dtype)
        self.scale = scale
        self.rng = rng

    def make(self, shape: tuple[int, ...], dtype: Any) -> Any:
        return draw(self.rng, "normal", 0.0, self.scale, shape, dtype)


class Uniform(Initializer):
    """Draws uniformly from ``[-scale, scale)``.

    >>> import flexgrad
    >>> w = flexgrad.initializers.Uniform(0.5).generate((3,), '@numpy')
    >>> bool(abs(w).max() <= 0.5)
    True
    """

    def __init__(self, scale: float = 0.05, dtype: Any = None, rng: Any = None) -> None:
        super().__init__(dtype)
        self.scale = scale
        self.rng = rng

    def make(self, shape: tuple[int, ...], dtype: Any) -> Any:
        return draw(self.rng, "uniform", -self.scale, self.scale, shape, dtype)
