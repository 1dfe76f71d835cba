"""The Initializer base and ``generate_array``: how a parameter's first array is made.

Initializers compute on NumPy (drawing from NumPy's default flexgrad generator, which
``flexgrad.set_seed`` resets) and send the result to the target device, so one seed
gives the same model on every backend.
"""

from __future__ import annotations

import copy
import numbers
import operator
from typing import Any

from .. import backends
from ..configuration import config

NP = backends.NUMPY


class Initializer:
    """Makes a new array of a given shape; subclasses implement ``make(shape, dtype)``.

    Args:
        dtype: the dtype of the arrays made; None means the caller's, or
            ``flexgrad.config.dtype`` (float32 by default) when the caller gives none.
    """

    def __init__(self, dtype: Any = None) -> None:
        self.dtype = dtype

    def make(self, shape: tuple[int, ...], dtype: Any) -> Any:
        """A new NumPy array of ``shape`` and ``dtype`` (a NumPy dtype)."""
        raise NotImplementedError

    def generate(self, shape: Any, device: Any = "@numpy", dtype: Any = None) -> Any:
        """A new array of ``shape`` on ``device``; ``dtype`` is used if the initializer
        fixes none."""
        chosen = _resolved(self.dtype if self.dtype is not None else dtype)
        return backends.get_device(device).send(self.make(_as_shape(shape), chosen))

    def __call__(self, array: Any) -> None:
        raise TypeError(
            f"{type(self).__name__}: flexgrad arrays may be immutable, so initializers do "
            "not fill in place; use generate(shape, device, dtype) or generate_array")

    def __repr__(self) -> str:
        fields = ", ".join(f"{k}={v!r}" for k, v in vars(self).items() if v is not None)
        return f"{type(self).__name__}({fields})"


def draw(rng: Any, kind: str, a: float, b: float, shape: tuple[int, ...], dtype: Any) -> Any:
    """``normal(a, b)`` or ``uniform(a, b)`` draws from ``rng`` (any object with NumPy's
    ``normal(loc, scale, size)`` and ``uniform(low, high, size)``, e.g. a
    ``numpy.random.Generator``), or from flexgrad's seeded NumPy generator when None."""
    if rng is None:
        return getattr(NP.default_generator(), kind)(a, b, shape, dtype)
    return NP.xp.astype(NP.xp.asarray(getattr(rng, kind)(a, b, shape)), dtype)


def _is_constant(value: Any) -> bool:
    return (isinstance(value, numbers.Number) and not isinstance(value, bool)) \
        or backends.is_array(value)


def generate_array(initializer: Any, shape: Any, device: Any = "@numpy",
                   dtype: Any = None) -> Any:
    """A new array of ``shape`` on ``device`` made by ``initializer``.

    ``initializer`` may be an Initializer, a scalar or an array (a constant), None (NaN),
    or a Chainer-style callable that fills a NumPy array in place.

    >>> import flexgrad
    >>> flexgrad.initializers.generate_array(2.0, (2,), '@numpy')
    array([2., 2.], dtype=float32)
    """
    from .constant import Constant, NaN

    if initializer is None:
        initializer = NaN()
    elif _is_constant(initializer):
        initializer = Constant(initializer)
    if isinstance(initializer, Initializer):
        return initializer.generate(shape, device, dtype)
    if not callable(initializer):
        raise TypeError("flexgrad.initializers.generate_array: initializer must be an "
                        f"Initializer, a scalar, an array or None, got {initializer!r}")
    shape = _as_shape(shape)
    array = NP.xp.zeros(shape, dtype=_resolved(dtype))
    initializer(array)
    return backends.get_device(device).send(array)


def _resolved(dtype: Any) -> Any:
    """``dtype`` as a NumPy dtype, ``flexgrad.config.dtype`` when None: read when the
    array is made, as Chainer does, so ``using_config('dtype', ...)`` reaches it."""
    return NP.dtype(config.dtype if dtype is None else dtype)


def _as_shape(shape: Any) -> tuple[int, ...]:
    """A tuple of Python ints from an int or a sequence of ints (NumPy's included: Chainer
    scripts size layers with ``max(ids) + 1``)."""
    if hasattr(shape, "__index__"):
        return (operator.index(shape),)
    return tuple(operator.index(n) for n in shape)


def _with_dtype(initializer: Any, dtype: Any) -> Any:
    """``initializer`` as an Initializer whose dtype defaults to ``dtype``."""
    from .constant import Constant, NaN

    if initializer is None:
        return NaN(dtype)
    if _is_constant(initializer):
        return Constant(initializer, dtype)
    if isinstance(initializer, Initializer) and initializer.dtype is None:
        initializer = copy.copy(initializer)
        initializer.dtype = dtype
    return initializer
