"""The sampler the sampled-loss links keep: a WalkerAlias that follows their inputs."""

from __future__ import annotations

from typing import Any

from ... import backends
from ...link import Link
from ...utils import WalkerAlias


class SamplerLink(Link):
    """A link with a ``sampler`` (a WalkerAlias over its vocabulary) that draws where its
    input lives: ``to_device`` moves it, and a call on another device moves it there."""

    sampler: WalkerAlias

    def to_device(self, device: Any) -> Link:
        super().to_device(device)
        self.sampler.to_device(self.device)
        return self

    def draw(self, x: Any, shape: tuple[int, ...]) -> Any:
        """``shape`` samples on the device of ``x``."""
        device = backends.get_device_from_array(x.array if hasattr(x, "array") else x)
        if self.sampler.device != device:
            self.sampler.to_device(device)
        return self.sampler.sample(shape)
