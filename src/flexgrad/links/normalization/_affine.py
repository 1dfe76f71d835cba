"""What LayerNormalization and GroupNormalization share: ``gamma`` and ``beta`` of one
axis, sized at construction or by the first input."""

from __future__ import annotations

from typing import Any

from ...link import Link
from ...variable import Parameter
from .. import _params


class AffineNormalization(Link):
    """A link with ``gamma`` (ones) and ``beta`` (zeros) of shape (size,)."""

    def __init__(self, size: int | None, initial_gamma: Any, initial_beta: Any) -> None:
        super().__init__()
        with self.init_scope():
            self.gamma = Parameter(1 if initial_gamma is None else initial_gamma)
            self.beta = Parameter(0 if initial_beta is None else initial_beta)
        if size is not None:
            self._initialize_params(size, self.device)

    def _initialize_params(self, size: int, device: Any) -> None:
        self.gamma.initialize((size,), device)
        self.beta.initialize((size,), device)

    def _ready(self, x: Any) -> None:
        """Size the parameters by ``x``'s axis 1 on ``x``'s device when still lazy."""
        if not self.gamma.is_initialized:
            self._initialize_params(x.shape[1], _params.adopt_device(self, x))
