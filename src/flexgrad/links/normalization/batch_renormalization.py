"""BatchRenormalization: batch normalization whose training output is corrected toward
the running statistics, so small or non-i.i.d. batches train as test time behaves."""

from __future__ import annotations

from typing import Any

from ...functions.normalization.batch_renormalization import batch_renormalization
from ...variable import Variable
from .batch_normalization import BatchNormalization


class BatchRenormalization(BatchNormalization):
    """Batch renormalization (see :func:`flexgrad.functions.batch_renormalization`).

    In training it normalizes with the batch's statistics corrected by ``r`` (at most
    ``rmax``) and ``d`` (at most ``dmax``) toward the running ones, and updates
    ``avg_mean``/``avg_var``; in test mode it is :class:`BatchNormalization`'s.

    Args:
        size: the shape (or length) of ``gamma``; None takes it from the first input.
        rmax, dmax: the largest corrections of the scale and the shift.
        decay, eps, dtype, use_gamma, use_beta, initial_gamma, initial_beta,
        initial_avg_mean, initial_avg_var: as :class:`BatchNormalization`.

    >>> import numpy as np, flexgrad.links as L
    >>> bn = L.BatchRenormalization(1, rmax=2.0, dmax=1.0)
    >>> bn(np.array([[1.0], [3.0]], dtype=np.float32)).array.round(3)  # d = min(2, dmax)
    array([[0.],
           [2.]], dtype=float32)
    """

    def __init__(self, size: Any, rmax: float = 1, dmax: float = 0, decay: float = 0.9,
                 eps: float = 2e-5, dtype: Any = None, use_gamma: bool = True,
                 use_beta: bool = True, initial_gamma: Any = None, initial_beta: Any = None,
                 initial_avg_mean: Any = None, initial_avg_var: Any = None) -> None:
        super().__init__(size, decay, eps, dtype, use_gamma, use_beta, initial_gamma,
                         initial_beta, initial_avg_mean=initial_avg_mean,
                         initial_avg_var=initial_avg_var)
        self.rmax, self.dmax = rmax, dmax

    def _normalize_batch(self, x: Any, gamma: Any, beta: Any, stats: tuple[Variable, Variable],
                         decay: float) -> Variable:
        """The renormalized batch, updating the running ``stats`` (Variables)."""
        return batch_renormalization(x, gamma, beta, self.rmax, self.dmax, self.eps,
                                     stats[0], stats[1], decay, update_statistics=True)
