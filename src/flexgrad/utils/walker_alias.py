"""Walker's alias method: O(1) draws from a fixed discrete distribution (word2vec's
negative samples, BlackOut's samples)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from .. import backends
from ..errors import InvalidValueError


def _alias_table(probs: Sequence[float]) -> tuple[list[float], list[int]]:
    """Chainer's table: ``threshold[i]`` and the two candidates ``values[2i], values[2i+1]``
    of column ``i``; column ``i`` gives its first candidate when ``u < threshold[i]``."""
    n, total = len(probs), math.fsum(probs)
    threshold, values = [0.0] * n, [0] * (2 * n)
    il = ir = 0
    for prob, i in sorted((p / total, i) for i, p in enumerate(probs)):
        p = prob * n
        while p > 1 and ir < il:
            values[ir * 2 + 1] = i
            p -= 1.0 - threshold[ir]
            ir += 1
        threshold[il] = p
        values[il * 2] = i
        il += 1
    return threshold, values


def _probabilities(probs: Any) -> list[float]:
    try:
        values = [float(p) for p in probs]
    except TypeError:
        values = []
    if not values or any(not math.isfinite(p) or p < 0 for p in values) or not sum(values):
        raise InvalidValueError(
            "flexgrad.utils.WalkerAlias: argument 'probs' expected a non-empty 1-d sequence "
            f"of finite weights >= 0, not all 0, got {str(probs)[:80]}")
    return values


class WalkerAlias:
    """Draws ``i`` with probability ``probs[i] / sum(probs)`` (as ``chainer.utils.WalkerAlias``).

    The table lives on a device (NumPy until ``to_device``); ``sample`` draws uniform
    numbers from that backend's seeded default generator, so ``flexgrad.set_seed`` makes
    the draws repeatable.

    Args:
        probs: unnormalized weights, one per outcome (a list or a 1-d array).

    >>> import flexgrad
    >>> from flexgrad.utils import WalkerAlias
    >>> flexgrad.set_seed(0)
    >>> s = WalkerAlias([0.0, 3.0, 1.0]).sample((2, 4))
    >>> s.shape, s.dtype.name, bool((s != 0).all())
    ((2, 4), 'int32', True)
    """

    def __init__(self, probs: Any) -> None:
        threshold, values = _alias_table(_probabilities(probs))
        host = backends.get_device("@numpy")
        self.threshold = host.xp.asarray(threshold, dtype=host.xp.float64)
        self.values = host.xp.asarray(values, dtype=host.xp.int32)
        self._device = host

    @property
    def device(self) -> backends.Device:
        """The device the table lives on and ``sample`` draws on."""
        return self._device

    @property
    def use_gpu(self) -> bool:
        """True when the table lives on CuPy (Chainer's flag)."""
        return self._device.backend.name == "cupy"

    def to_device(self, device: Any) -> WalkerAlias:
        """Move the table to ``device`` (a spec such as ``'@cupy:0'`` or a Device)."""
        target = backends.get_device(device)
        self.threshold, self.values = target.send(self.threshold), target.send(self.values)
        self._device = target
        return self

    def to_gpu(self, device: int | None = None) -> WalkerAlias:
        """Move the table to CuPy device ``device`` (0 when None)."""
        return self.to_device(f"@cupy:{device or 0}")

    def to_cpu(self) -> WalkerAlias:
        """Move the table to NumPy."""
        return self.to_device("@numpy")

    def sample(self, shape: Sequence[int]) -> Any:
        """An int32 array of ``shape`` of outcomes, on the table's device."""
        shape = tuple(int(s) for s in shape)
        device, xp = self._device, self._device.backend.xp
        backend, size = device.backend, math.prod(shape)
        u = backend.default_generator(device).uniform(0.0, 1.0, (size,), xp.float64)
        scaled = u * self.threshold.shape[0]
        column = xp.astype(scaled, xp.int32)
        right = xp.take(self.threshold, column, axis=0) < scaled - xp.astype(column, xp.float64)
        picked = xp.take(self.values, column * 2 + xp.astype(right, xp.int32), axis=0)
        return backend.reshape(picked, shape)

    def __repr__(self) -> str:
        return f"WalkerAlias(n={self.threshold.shape[0]}, device={self._device.spec})"
