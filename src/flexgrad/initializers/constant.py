"""Deterministic initializers: Constant, Zero, One, NaN and Identity."""

from __future__ import annotations

from typing import Any

from .. import backends
from ._base import NP, Initializer


class Constant(Initializer):
    """Fills with ``fill_value``, a scalar or an array broadcast to the shape.

    >>> import flexgrad
    >>> flexgrad.initializers.Constant(3.0).generate((2,), '@numpy')
    array([3., 3.], dtype=float32)
    """

    def __init__(self, fill_value: Any, dtype: Any = None) -> None:
        super().__init__(dtype)
        self.fill_value = fill_value

    def make(self, shape: tuple[int, ...], dtype: Any) -> Any:
        value = self.fill_value
        if backends.is_array(value):
            value = backends.backend_of(value).to_numpy(value)
            try:
                value = NP.xp.broadcast_to(NP.xp.asarray(value, dtype=dtype), shape)
            except ValueError:
                raise ValueError(f"Constant: fill_value of shape {value.shape} cannot be "
                                 f"broadcast to the parameter shape {shape}") from None
            return NP.xp.asarray(value, copy=True)
        return NP.xp.full(shape, value, dtype=dtype)


class Zero(Constant):
    """Fills with zeros."""

    def __init__(self, dtype: Any = None) -> None:
        super().__init__(0.0, dtype)


class One(Constant):
    """Fills with ones."""

    def __init__(self, dtype: Any = None) -> None:
        super().__init__(1.0, dtype)


class NaN(Constant):
    """Fills with NaN (what an uninitialized parameter holds, so misuse shows)."""

    def __init__(self, dtype: Any = None) -> None:
        super().__init__(float("nan"), dtype)


class Identity(Initializer):
    """``scale`` times the identity matrix (shape must be square and 2-d).

    >>> import flexgrad
    >>> flexgrad.initializers.Identity(2.0).generate((2, 2), '@numpy')
    array([[2., 0.],
           [0., 2.]], dtype=float32)
    """

    def __init__(self, scale: float = 1.0, dtype: Any = None) -> None:
        super().__init__(dtype)
        self.scale = scale

    def make(self, shape: tuple[int, ...], dtype: Any) -> Any:
        if len(shape) != 2 or shape[0] != shape[1]:
            raise ValueError(f"Identity: shape must be a square matrix, got {shape}")
        return NP.xp.eye(shape[0], dtype=dtype) * NP.xp.asarray(self.scale, dtype=dtype)
