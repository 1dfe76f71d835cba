"""Small objects that follow the serializer protocol of the shared contract."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import flexgrad
import flexgrad.links as L
from flexgrad.errors import SerializationError


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


class Affine(flexgrad.Link):
    def __init__(self, n_out: int, n_in: int | None = None, seed: int = 0) -> None:
        super().__init__()
        rng = np.random.default_rng(seed)
        with self.init_scope():
            self.W = flexgrad.Parameter(None if n_in is None else
                                        rng.standard_normal((n_out, n_in)).astype(np.float32))
            self.b = flexgrad.Parameter(rng.standard_normal(n_out).astype(np.float32))
        self.add_persistent("calls", seed)


class Classifier(flexgrad.Chain):
    def __init__(self, seed: int = 0, lazy: bool = False) -> None:
        super().__init__()
        with self.init_scope():
            self.predictor = flexgrad.ChainList(
                Affine(4, 3, seed), Affine(2, None if lazy else 4, seed + 1))


def values(link: flexgrad.Link) -> dict[str, np.ndarray]:
    out = {}
    for path, param in link.namedparams():
        array = param.array
        out[path] = None if array is None else flexgrad.backends.backend_of(array).to_numpy(array)
    for path, sub in link.namedlinks():
        out[path + "/calls"] = sub.__dict__.get("calls")
    return out


class Pair(flexgrad.Chain):
    """Two layers, so a refused entry in ``l2`` shows whether ``l1`` was written first."""

    def __init__(self, in_size: int | None = 4) -> None:
        super().__init__()
        with self.init_scope():
            self.l1 = L.Linear(4, 4, initialW=1.0)
            self.l2 = L.Linear(in_size, 4, initialW=1.0)


def arrays_of(link: flexgrad.Link) -> dict:
    return {path: None if p.array is None else np.array(p.array)
            for path, p in link.namedparams()}


def refused_load(load: Any, file: Any, model: flexgrad.Link | None = None) -> str:
    """The message of ``load(file, model)``'s refusal, after checking that the model is
    unchanged and that the message names the loader and the file."""
    model = Pair() if model is None else model
    before = arrays_of(model)
    with pytest.raises(SerializationError) as info:
        load(file, model)
    after = arrays_of(model)
    for path, value in before.items():
        if value is None:
            assert after[path] is None, path
        else:
            np.testing.assert_array_equal(after[path], value, err_msg=path)
    message = str(info.value)
    assert load.__name__ in message and str(file) in message
    return message
