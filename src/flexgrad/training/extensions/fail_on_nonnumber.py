"""Chainer's ``FailOnNonNumber``: stop training once a parameter turns NaN or Inf."""

from __future__ import annotations

from typing import Any

from ... import backends
from ...errors import FlexgradError
from ..extension import Extension


class DivergenceError(FlexgradError, RuntimeError):
    """A parameter or gradient became NaN or Inf during training."""


def _all_finite(array: Any) -> bool:
    xp = backends.backend_of(array).xp
    return bool(xp.all(xp.isfinite(array)))


class FailOnNonNumber(Extension):
    """Raises :class:`DivergenceError` (a RuntimeError, as Chainer's) when a parameter of
    any optimizer's target, or with ``check_grad`` its gradient, is not finite."""

    def __init__(self, check_grad: bool = True) -> None:
        self._check_grad = check_grad

    def __call__(self, trainer: Any) -> None:
        for name, optimizer in trainer.updater.get_all_optimizers().items():
            for path, param in optimizer.target.namedparams():
                if param.array is not None and not _all_finite(param.array):
                    raise DivergenceError(
                        f"flexgrad.training.extensions.FailOnNonNumber: parameter {path!r} "
                        f"of optimizer {name!r} is not finite: training diverged")
                if (self._check_grad and param.grad is not None
                        and not _all_finite(param.grad)):
                    raise DivergenceError(
                        f"flexgrad.training.extensions.FailOnNonNumber: the gradient of "
                        f"{path!r} (optimizer {name!r}) is not finite: training diverged")
