"""What the links share about their parameters: Chainer's default initializers and the
lazy initialization that takes a size (and the device) from the first input."""

from __future__ import annotations

from typing import Any

from .. import backends, initializers
from ..link import Link
from ..variable import Parameter


def weight(initialW: Any) -> Any:
    """The initializer of a weight: ``initialW``, or LeCunNormal when it is None."""
    return initializers.LeCunNormal() if initialW is None else _copied(initialW)


def bias(initial_bias: Any) -> Any:
    """The initializer of a bias: ``initial_bias``, or zeros when it is None."""
    return 0 if initial_bias is None else _copied(initial_bias)


def _copied(initializer: Any) -> Any:
    """An array given as an initial value becomes a Constant, as in Chainer: the parameter
    gets a copy in the link's dtype, never the caller's array itself (which a load or a
    shared copy would then change under the caller)."""
    return initializers.Constant(initializer) if backends.is_array(initializer) else initializer


def adopt_device(link: Link, x: Any) -> backends.Device:
    """Move ``link`` to the device of ``x`` (a lazy link's first input) and return it."""
    device = backends.get_device_from_array(x)
    if link.device != device:
        link.to_device(device)
    return device


def initialize_on(link: Link, param: Parameter, shape: tuple[int, ...], x: Any) -> None:
    """Initialize ``param`` with ``shape`` on the device of ``x``, moving ``link`` there
    first so its other parameters live with it."""
    param.initialize(shape, adopt_device(link, x))
