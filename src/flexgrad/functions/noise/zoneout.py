"""Zoneout: keep random units of a recurrent state at their old values in training."""

from __future__ import annotations

from typing import Any

from ...backends import backend_of
from ...configuration import config
from ...errors import expect_same_dtype, fail
from ...variable import Variable, as_variable
from ..activation._args import float_arg, real_arg
from ..array._args import array_arg
from ..math.linear_interpolate import linear_interpolate
from ._noise import given_noise


def zoneout(h: Variable | Any, x: Variable | Any, ratio: float = 0.5, *,
            mask: Any = None) -> Variable:
    """Each element is ``h`` (the old state) with probability ``ratio``, else ``x`` (the
    new one); in test mode (``flexgrad.config.train`` False) it is ``x``.

    The mask comes from the backend's seeded default generator, as dropout's does. A
    composite of :func:`linear_interpolate` with a constant mask: it has no backward of
    its own, and the gradient goes to whichever of ``h`` and ``x`` was kept.

    Args:
        h: the previous state.
        x: the next state, of ``h``'s shape and dtype.
        ratio: the probability of keeping ``h``, ``0 <= ratio <= 1``.
        mask: the mask to use instead of a random one (``ratio`` is then ignored): an
            array of ``x``'s backend, shape and dtype, 1 where ``x`` is taken, 0 where
            ``h`` is kept.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.zoneout(np.zeros(3), np.ones(3), mask=np.array([1.0, 0.0, 1.0])).array
    array([1., 0., 1.])
    """
    ratio = real_arg("zoneout", "ratio", ratio)
    if not 0.0 <= ratio <= 1.0:
        fail("zoneout", "ratio", "a number in [0, 1]", f"{ratio!r}")
    old, new = array_arg("zoneout", "h", h), float_arg("zoneout", "x", x)
    expect_same_dtype("zoneout", ("x", "h"), (new, old))
    if tuple(old.shape) != tuple(new.shape):
        fail("zoneout", "h", f"the shape of x {tuple(new.shape)}", old)
    if not config.train:
        return as_variable(x)
    if mask is None:
        backend = backend_of(new)
        u = backend.default_generator(backend.device_of(new)).uniform(0.0, 1.0, tuple(new.shape),
                                                                      new.dtype)
        mask = backend.xp.astype(u >= ratio, new.dtype)
    else:
        mask = given_noise("zoneout", "mask", mask, new)
    return linear_interpolate(mask, x, h)
