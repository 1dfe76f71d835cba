"""GradientClipping (by the global L2 norm) and GradientHardClipping (elementwise)."""

from __future__ import annotations

import functools
import operator
from typing import Any

from .. import backends


class GradientClipping:
    """Scales all gradients so their global L2 norm is at most ``threshold``.

    The rate ``min(threshold / norm, 1)`` is computed as an array (no Python ``if``), so on
    Dask nothing is computed until the update is materialized.

    >>> import numpy as np, flexgrad
    >>> model = flexgrad.Chain()
    >>> with model.init_scope():
    ...     model.w = flexgrad.Parameter(np.zeros(2, dtype=np.float32))
    >>> opt = flexgrad.optimizers.SGD(lr=1.0).setup(model)
    >>> opt.add_hook(flexgrad.optimizer_hooks.GradientClipping(1.0))
    >>> model.w.grad = np.array([3.0, 4.0], dtype=np.float32)  # norm 5
    >>> opt.update()
    >>> model.w.array
    array([-0.6, -0.8], dtype=float32)
    """

    name = "GradientClipping"
    call_for_each_param = False
    timing = "pre"

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold

    def __call__(self, opt: Any) -> None:
        params = [p for p in opt.target.params() if p.array is not None and p.grad is not None]
        if not params:
            return
        backend = backends.backend_of(params[0].grad)
        xp = backend.xp
        norm = xp.sqrt(functools.reduce(operator.add, (xp.sum(p.grad * p.grad) for p in params)))
        limit = xp.asarray(self.threshold, dtype=norm.dtype, device=backend.device_arg(norm))
        rate = self.threshold / xp.maximum(norm, limit)
        for param in params:
            param.grad = param.grad * xp.astype(rate, param.grad.dtype)


class GradientHardClipping:
    """Clips every gradient element into ``[lower_bound, upper_bound]``."""

    name = "GradientHardClipping"
    call_for_each_param = True
    timing = "pre"

    def __init__(self, lower_bound: float, upper_bound: float) -> None:
        self.lower_bound = lower_bound
        self.upper_bound = upper_bound

    def __call__(self, rule: Any, param: Any) -> None:
        grad = param.grad
        if param.array is None or grad is None:
            return
        param.grad = param.device.backend.xp.clip(grad, self.lower_bound, self.upper_bound)
