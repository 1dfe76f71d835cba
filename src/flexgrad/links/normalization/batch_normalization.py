"""BatchNormalization: batch statistics in training, running statistics in tests."""

from __future__ import annotations

import math
from typing import Any

from ... import backends, initializers
from ...configuration import config
from ...dataset._check import fail
from ...errors import normalize_axes
from ...functions.normalization.batch_normalization import (
    batch_normalization,
    fixed_batch_normalization,
)
from ...link import Link
from ...variable import Parameter, Variable, as_variable
from .. import _params


class BatchNormalization(Link):
    """Batch normalization with learned ``gamma``/``beta`` and running statistics.

    While ``config.train`` is True it normalizes with the batch's statistics (see
    :func:`flexgrad.functions.batch_normalization`) and updates the persistents
    ``avg_mean``/``avg_var``; otherwise it normalizes with them
    (:func:`flexgrad.functions.fixed_batch_normalization`).

    Args:
        size: the shape (or length) of ``gamma``; None takes it from the first input.
        decay: the weight of the old running statistics.
        eps: added to the variance.
        dtype: the dtype of the parameters and statistics; None is
            ``flexgrad.config.dtype`` when the link is made (float32 by default).
        use_gamma, use_beta: whether to learn the scale and the shift.
        initial_gamma, initial_beta: their initializers (ones and zeros when None).
        axis: the axes to normalize over, as in the function.
        initial_avg_mean, initial_avg_var: starting running statistics (zeros, ones),
            copied in ``dtype``.

    >>> import numpy as np, flexgrad.links as L
    >>> bn = L.BatchNormalization(1)
    >>> bn(np.array([[1.0], [3.0]], dtype=np.float32)).array.round(3)
    array([[-1.],
           [ 1.]], dtype=float32)
    >>> bn.avg_mean, bn.avg_var
    (array([0.2], dtype=float32), array([1.1], dtype=float32))
    """

    def __init__(self, size: Any = None, decay: float = 0.9, eps: float = 2e-5,
                 dtype: Any = None, use_gamma: bool = True, use_beta: bool = True,
                 initial_gamma: Any = None, initial_beta: Any = None, axis: Any = None,
                 initial_avg_mean: Any = None, initial_avg_var: Any = None) -> None:
        super().__init__()
        self.decay, self.eps, self.axis = decay, eps, axis
        self._dtype = dtype = backends.get_dtype(dtype)
        self._initial_avg = (initial_avg_mean, initial_avg_var)
        self.add_persistent("avg_mean", None)
        self.add_persistent("avg_var", None)
        self.add_persistent("N", 0)
        with self.init_scope():
            if use_gamma:
                self.gamma = Parameter(initializers._with_dtype(
                    1 if initial_gamma is None else initial_gamma, dtype))
            if use_beta:
                self.beta = Parameter(initializers._with_dtype(
                    0 if initial_beta is None else initial_beta, dtype))
        if size is not None:
            self._initialize_params((size,) if isinstance(size, int) else tuple(size),
                                    self.device)

    def _initialize_params(self, shape: tuple[int, ...], device: backends.Device) -> None:
        for name, start, fill in (("avg_mean", self._initial_avg[0], 0.0),
                                  ("avg_var", self._initial_avg[1], 1.0)):
            initializer = initializers._with_dtype(fill if start is None else start,
                                                   self._dtype)
            setattr(self, name, initializers.generate_array(initializer, shape, device))
        for name in ("gamma", "beta"):
            param = getattr(self, name, None)
            if param is not None and not param.is_initialized:
                param.initialize(shape, device)

    def _scale_shift(self, xp: Any, like: Any) -> tuple[Any, Any]:
        gamma = getattr(self, "gamma", None)
        beta = getattr(self, "beta", None)
        ones = xp.ones_like(like)
        return (ones if gamma is None else gamma,
                xp.zeros_like(ones) if beta is None else beta)

    def forward(self, x: Variable | Any, finetune: bool = False) -> Variable:
        """Normalize ``x``; with ``finetune`` the running statistics are a plain mean of
        every batch seen so far (``decay = 1 - 1 / N``)."""
        if config.train:
            self._expect_values_per_channel(x)
        if self.avg_mean is None:
            self._initialize_params(self._param_shape(x), _params.adopt_device(self, x))
        gamma, beta = self._scale_shift(self.device.backend.xp, self.avg_mean)
        if not config.train:  # a Variable x: ``array - Variable`` fails on array_api_strict
            return fixed_batch_normalization(as_variable(x), gamma, beta, self.avg_mean,
                                             self.avg_var, self.eps, self.axis)
        decay = self.decay
        if finetune:
            self.N += 1
            decay = 1.0 - 1.0 / self.N
        stats = (Variable(self.avg_mean, requires_grad=False),
                 Variable(self.avg_var, requires_grad=False))
        y = self._normalize_batch(x, gamma, beta, stats, decay)
        self.avg_mean, self.avg_var = self.device.backend.materialize(
            [stats[0].array, stats[1].array])
        return y

    def _expect_values_per_channel(self, x: Any) -> None:
        """Training needs a batch to take statistics of: an empty one has no mean, and
        its NaN would enter the running statistics and every later evaluation."""
        shape = tuple(getattr(x, "array", x).shape)
        if math.prod(shape) == 0:
            fail(f"flexgrad.links.{type(self).__name__}", "x",
                 "at least one value per channel in training (an empty batch has no "
                 "statistics; evaluate it with flexgrad.config.train False)", x)

    def _normalize_batch(self, x: Any, gamma: Any, beta: Any, stats: tuple[Variable, Variable],
                         decay: float) -> Variable:
        """Training's normalization, updating the running ``stats`` (Variables)."""
        return batch_normalization(x, gamma, beta, self.eps, stats[0], stats[1], decay,
                                   self.axis)

    def _param_shape(self, x: Any) -> tuple[int, ...]:
        """gamma's shape for input ``x``: the channel axis, or the axes not in ``axis``."""
        if self.axis is None:
            return (x.shape[1],)
        axes = normalize_axes("BatchNormalization", self.axis, x.ndim)
        return tuple(n for i, n in enumerate(x.shape) if i not in axes)
