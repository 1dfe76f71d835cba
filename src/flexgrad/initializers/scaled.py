"""Fan-scaled initializers: LeCun, Glorot and He, each as Normal and Uniform.

Each draws with standard deviation ``scale * sqrt(gain / fan)``; a uniform draw with that
deviation spans ``[-sqrt(3) * std, sqrt(3) * std)``. Fans follow Chainer: for a weight of
shape ``(out, in, *k)``, ``fan_in = in * prod(k)`` and ``fan_out = out * prod(k)``.
"""

from __future__ import annotations

import math
from typing import Any

from ._base import Initializer, draw


def get_fans(shape: tuple[int, ...]) -> tuple[int, int]:
    """``(fan_in, fan_out)`` of a weight of ``shape`` (at least 2-d).

    >>> get_fans((4, 3, 2, 2))
    (12, 16)
    """
    if len(shape) < 2:
        raise ValueError(f"get_fans: the shape must be at least 2-d, got {shape}")
    receptive = math.prod(shape[2:])
    return shape[1] * receptive, shape[0] * receptive


class _FanScaled(Initializer):
    """Draws with deviation ``scale * sqrt(gain / fan)``; subclasses fix gain and draw."""

    gain = 1.0
    uniform = False
    fan_option = "fan_in"

    def __init__(self, scale: float = 1.0, dtype: Any = None, rng: Any = None) -> None:
        super().__init__(dtype)
        self.scale = scale
        self.rng = rng

    def make(self, shape: tuple[int, ...], dtype: Any) -> Any:
        fan_in, fan_out = get_fans(shape)
        fan = {"fan_in": fan_in, "fan_out": fan_out,
               "fan_avg": (fan_in + fan_out) / 2}[self.fan_option]
        std = self.scale * math.sqrt(self.gain / fan)
        if self.uniform:
            bound = math.sqrt(3.0) * std
            return draw(self.rng, "uniform", -bound, bound, shape, dtype)
        return draw(self.rng, "normal", 0.0, std, shape, dtype)


class LeCunNormal(_FanScaled):
    """Normal with deviation ``scale * sqrt(1 / fan_in)``.

    >>> import flexgrad
    >>> flexgrad.initializers.LeCunNormal().generate((3, 4), '@numpy').shape
    (3, 4)
    """


class LeCunUniform(_FanScaled):
    """Uniform on ``[-s, s)``, ``s = scale * sqrt(3 / fan_in)``."""

    uniform = True


class GlorotNormal(_FanScaled):
    """Normal with deviation ``scale * sqrt(2 / (fan_in + fan_out))`` (Xavier)."""

    fan_option = "fan_avg"


class GlorotUniform(GlorotNormal):
    """Uniform on ``[-s, s)``, ``s = scale * sqrt(6 / (fan_in + fan_out))`` (Xavier)."""

    uniform = True


class HeNormal(_FanScaled):
    """Normal with deviation ``scale * sqrt(2 / fan)`` (Kaiming).

    Args:
        fan_option: ``'fan_in'`` (the default) or ``'fan_out'``.
    """

    gain = 2.0

    def __init__(self, scale: float = 1.0, dtype: Any = None, fan_option: str = "fan_in",
                 rng: Any = None) -> None:
        super().__init__(scale, dtype, rng)
        if fan_option not in ("fan_in", "fan_out"):
            raise ValueError(f"{type(self).__name__}: fan_option must be 'fan_in' or "
                             f"'fan_out', got {fan_option!r}")
        self.fan_option = fan_option


class HeUniform(HeNormal):
    """Uniform on ``[-s, s)``, ``s = scale * sqrt(6 / fan)`` (Kaiming)."""

    uniform = True
