"""What the links share about their parameters: Chainer's default initializers and the
lazy initialization that takes a size (and the device) from the first input."""

from __future__ import annotations

from typing import Any

from .. import backends, initializers
from ..dataset._check import expect_int, fail
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


def size(link: Link, arg: str, value: Any, *, lazy: bool = False) -> int | None:
    """A size ``link`` was given, checked where it is given: an int >= 1 (or None when
    ``lazy``, to be taken from the first input)."""
    if value is None and lazy:
        return None
    return expect_int(f"flexgrad.links.{type(link).__name__}", arg, value, minimum=1)


def sizes(link: Link, arg: str, values: Any, n: int) -> tuple[int, ...]:
    """An int or an ``n``-tuple of ints given as ``arg`` (a kernel size), each >= 1."""
    values = tuple(values) if isinstance(values, (tuple, list)) else (values,) * n
    if len(values) != n:
        fail(f"flexgrad.links.{type(link).__name__}", arg, f"an int or a tuple of {n} ints",
             repr(values), kind="type")
    return tuple(size(link, arg, value) for value in values)  # type: ignore[misc]


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
