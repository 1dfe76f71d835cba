"""Sequential: a list of links and plain functions applied one after another."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from .link import ChainList, Link


class Sequential(ChainList):
    """Calls its layers in order; each output (a tuple is unpacked) feeds the next layer.

    Layers may be links or any callables (e.g. ``F.relu``). Only links are children, so
    parameter paths count links only: in ``Sequential(l1, F.relu, l2)``, ``l2``'s weight
    is ``'/1/W'``, as in Chainer.

    >>> import numpy as np, flexgrad, flexgrad.functions as F
    >>> model = flexgrad.Sequential(F.relu, lambda x: x * 2)
    >>> model(np.array([-1.0, 3.0], dtype=np.float32)).array
    array([0., 6.], dtype=float32)
    """

    def __init__(self, *layers: Callable[..., Any]) -> None:
        super().__init__()
        object.__setattr__(self, "_layers", [])
        self.extend(layers)

    def forward(self, *x: Any) -> Any:
        if not self._layers:
            raise RuntimeError("Sequential does not have any layer")
        for layer in self._layers:
            x = layer(*x) if isinstance(x, tuple) else layer(x)
        return x

    # -- the list ---------------------------------------------------------------------------
    def _set_layers(self, layers: list[Any]) -> None:
        """Replace the layers, checking them and renumbering the link children."""
        for layer in layers:
            if not callable(layer):
                raise TypeError(f"Sequential: a layer must be a Link or a callable, got "
                                f"{type(layer).__name__}")
        self.__dict__["_layers"] = layers
        self.__dict__["_children"] = [layer for layer in layers if isinstance(layer, Link)]
        for name, child in self._named_children():
            child.name = name

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return Sequential(*self._layers[index])
        return self._layers[index]

    def __setitem__(self, index: int, layer: Callable[..., Any]) -> None:
        layers = list(self._layers)
        layers[index] = layer
        self._set_layers(layers)

    def __delitem__(self, index: int | slice) -> None:
        layers = list(self._layers)
        del layers[index]
        self._set_layers(layers)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._layers)

    def __len__(self) -> int:
        return len(self._layers)

    def __contains__(self, layer: Any) -> bool:
        return any(item is layer for item in self._layers)

    def __add__(self, other: Any) -> Sequential:
        if not isinstance(other, Sequential):
            return NotImplemented
        return Sequential(*self._layers, *other._layers)

    def append(self, layer: Callable[..., Any]) -> None:
        """Add ``layer`` at the end."""
        self._set_layers([*self._layers, layer])

    add_link = append

    def extend(self, layers: Iterable[Callable[..., Any]]) -> None:
        """Add each of ``layers`` at the end."""
        self._set_layers([*self._layers, *layers])

    def insert(self, index: int, layer: Callable[..., Any]) -> None:
        """Put ``layer`` before position ``index``."""
        layers = list(self._layers)
        layers.insert(index, layer)
        self._set_layers(layers)

    def pop(self, index: int = -1) -> Any:
        """Remove and return the layer at ``index``."""
        layer = self._layers[index]
        del self[index]
        return layer

    def remove(self, layer: Any) -> None:
        """Remove ``layer`` (compared by identity)."""
        del self[self.index(layer)]

    def index(self, layer: Any) -> int:
        """The position of ``layer`` (compared by identity)."""
        for i, item in enumerate(self._layers):
            if item is layer:
                return i
        raise ValueError(f"Sequential.index: {layer!r} is not a layer")

    def count(self, layer: Any) -> int:
        """How many times ``layer`` appears."""
        return sum(item is layer for item in self._layers)

    def clear(self) -> None:
        """Remove every layer."""
        self._set_layers([])

    def flatten(self) -> Sequential:
        """A Sequential with the layers of nested Sequentials spliced in."""
        layers: list[Any] = []
        for layer in self._layers:
            layers += layer.flatten()._layers if isinstance(layer, Sequential) else [layer]
        return Sequential(*layers)

    # -- Link hooks -------------------------------------------------------------------------
    def _share_children(self) -> None:
        self._set_layers([layer._shared_copy() if isinstance(layer, Link) else layer
                          for layer in self._layers])

    def _shown_children(self) -> Iterator[tuple[str, Any]]:
        for i, layer in enumerate(self._layers):
            yield str(i), layer
