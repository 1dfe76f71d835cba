"""Small objects that follow the serializer protocol of the shared contract."""

from __future__ import annotations

from typing import Any

import numpy as np

import flexgrad


class Box:
    """A link-like tree: arrays by name, Python-number state, and child boxes."""

    def __init__(self, arrays: dict[str, Any] | None = None, state: dict[str, Any] | None = None,
                 **children: Box) -> None:
        self.arrays = dict(arrays or {})
        self.state = dict(state or {})
        self.children = children

    def serialize(self, serializer: Any) -> None:
        for name in self.arrays:
            self.arrays[name] = serializer(name, self.arrays[name])
        for name in self.state:
            self.state[name] = serializer(name, self.state[name])
        for name, child in self.children.items():
            child.serialize(serializer[name])


def mlp(device: str = "@numpy", seed: int = 0, dtype: str = "float32") -> Box:
    """``predictor/l1/W``, ``predictor/l1/b``, ``predictor/l2/W``, ``predictor/l2/b``, ``t``."""
    rng = np.random.default_rng(seed)
    send = flexgrad.get_device(device).send

    def layer(n_in: int, n_out: int) -> Box:
        return Box({"W": send(rng.standard_normal((n_out, n_in)).astype(dtype)),
                    "b": send(rng.standard_normal(n_out).astype(dtype))})

    return Box(state={"t": seed}, predictor=Box(l1=layer(3, 4), l2=layer(4, 2)))


def flat(box: Box, prefix: str = "") -> dict[str, Any]:
    """Every value of ``box`` as NumPy (arrays) or as is (numbers), by path."""
    out = {}
    for name, value in {**box.arrays, **box.state}.items():
        is_array = flexgrad.backends.is_array(value)
        out[prefix + name] = (flexgrad.backends.backend_of(value).to_numpy(value)
                              if is_array else value)
    for name, child in box.children.items():
        out.update(flat(child, f"{prefix}{name}/"))
    return out
