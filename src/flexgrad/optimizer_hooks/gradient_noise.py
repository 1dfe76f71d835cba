"""GradientNoise: Gaussian noise with a decaying variance added to each gradient."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from .. import backends


def exponential_decay_noise(backend: Any, shape: tuple[int, ...], dtype: Any, hook: Any,
                            rule: Any) -> Any:
    """Noise of variance ``eta / (1 + t) ** 0.55`` (Neelakantan et al., 2015).

    Unlike Chainer's (which takes ``xp``), the first argument is the flexgrad backend,
    whose seeded generator draws the noise (``flexgrad.set_seed`` fixes it).
    """
    std = math.sqrt(hook.eta / (1 + rule.t) ** 0.55)
    return backend.default_generator().normal(0.0, std, shape, dtype)


class GradientNoise:
    """Adds ``noise_func(backend, shape, dtype, hook, rule)`` to each gradient.

    Args:
        eta: the noise's initial variance.
        noise_func: the noise generator (default: ``exponential_decay_noise``).
    """

    name = "GradientNoise"
    call_for_each_param = True
    timing = "pre"

    def __init__(self, eta: float,
                 noise_func: Callable[..., Any] = exponential_decay_noise) -> None:
        self.eta = eta
        self.noise_func = noise_func

    def __call__(self, rule: Any, param: Any) -> None:
        grad = param.grad
        if param.array is None or grad is None:
            return
        backend = backends.backend_of(grad)
        noise = self.noise_func(backend, tuple(grad.shape), grad.dtype, self, rule)
        # noise_func (Chainer's signature) names no device: its draws may be on the default one
        param.grad = grad + backend.device_of(grad).send(noise)
