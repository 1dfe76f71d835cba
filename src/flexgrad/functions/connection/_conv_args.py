"""Argument checks shared by the convolutions and deconvolutions."""

from __future__ import annotations

from typing import Any

from ... import backends
from ...errors import expect_float, expect_same_dtype, fail
from ..array._args import array_arg, is_int
from ..array._windows import image_arg


def operands(fn: str, x: Any, W: Any, b: Any, nd: int | None, groups: Any,
             transposed: bool) -> tuple[Any, Any]:
    """The checked arrays of ``x`` and ``W`` (``b`` checked too).

    A convolution's ``W`` is (out channels, in channels / groups, *ksize); a transposed
    one's (in channels, out channels / groups, *ksize). ``nd`` spatial axes (None: any).
    """
    xd = image_arg(fn, "x", x, nd)
    nd = xd.ndim - 2
    Wd = array_arg(fn, "W", W)
    axes = "(in, out / groups, *ksize)" if transposed else "(out, in / groups, *ksize)"
    if Wd.ndim != nd + 2 or min(Wd.shape[2:]) < 1:
        fail(fn, "W", f"a {nd + 2}-d array of channels and kernel sizes {axes}", Wd)
    expect_float(fn, "x", xd, backends.backend_of(xd))
    named = {"x": xd, "W": Wd} if b is None else {"x": xd, "W": Wd, "b": array_arg(fn, "b", b)}
    expect_same_dtype(fn, list(named), list(named.values()))
    if not is_int(groups):
        fail(fn, "groups", "an int", f"{groups!r}", kind="type")
    channels = xd.shape[1]
    w_in = Wd.shape[0] if transposed else Wd.shape[1] * groups
    out = Wd.shape[1] * groups if transposed else Wd.shape[0]
    if groups < 1 or channels % groups or out % groups:
        fail(fn, "groups", f"a positive int dividing the input and output channels "
             f"({channels} and {out})", f"{groups!r}")
    if w_in != channels:
        where = "axis 0" if transposed else f"axis 1 times groups={groups}"
        fail(fn, "W", f"{channels} input channels (those of x) on {axes} {where}", Wd)
    if b is not None and tuple(named["b"].shape) != (out,):
        fail(fn, "b", f"shape ({out},), one bias per output channel", named["b"])
    return xd, Wd
