"""Simplified DropConnect: a linear layer whose weights are dropped at random."""

from __future__ import annotations

from math import prod
from typing import Any

from ...backends import backend_of, is_array
from ...errors import expect_same_dtype, fail
from ...variable import Variable
from ..activation._args import float_arg, real_arg
from ..array._args import array_arg
from ..array.reshape import reshape
from ..connection.linear import linear
from ..math.matmul import matmul


def simplified_dropconnect(x: Variable | Any, W: Variable | Any, b: Variable | Any = None,
                           ratio: float = 0.5, train: bool = True, mask: Any = None,
                           use_batchwise_mask: bool = True) -> Variable:
    """``x W'^T + b`` where ``W'`` is ``W`` with each element dropped with probability
    ``ratio`` and the rest scaled by ``1 / (1 - ratio)``.

    With ``use_batchwise_mask`` every sample draws its own mask (n, M, N), else one
    (M, N) serves the batch. Masks come from the backend's seeded default generator. As
    in Chainer, ``train`` (not ``flexgrad.config.train``) decides: with ``train`` False
    the ratio is 0 (a plain linear layer). A composite of :func:`linear` or
    :func:`matmul` with a constant mask: it has no backward of its own.

    Args:
        x: inputs (n, ...), flattened to N features.
        W: weights (M, N).
        b: bias (M,), or None.
        ratio: the drop probability, ``0 <= ratio < 1``.
        train: whether to drop weights.
        mask: the mask to use instead of a random one: an array of ``x``'s backend, of
            shape (n, M, N) or (M, N) (which then decides, not ``use_batchwise_mask``),
            of bools or of 1 (kept) and 0 (dropped); the kept weights are still scaled.
        use_batchwise_mask: whether each sample gets its own mask.

    Returns:
        (n, M).

    >>> import numpy as np, flexgrad.functions as F
    >>> mask = np.array([[1.0, 0.0], [1.0, 1.0]])
    >>> F.simplified_dropconnect(np.ones((1, 2)), np.ones((2, 2)), mask=mask).array
    array([[2., 4.]])
    """
    fn = "simplified_dropconnect"
    ratio = real_arg(fn, "ratio", ratio)
    if not 0.0 <= ratio < 1.0:
        fail(fn, "ratio", "a number in [0, 1)", f"{ratio!r}")
    xd, Wd = float_arg(fn, "x", x), array_arg(fn, "W", W)
    if xd.ndim < 2:
        fail(fn, "x", "an array (n, ...) of 2 or more dims", xd)
    features = prod(xd.shape[1:])
    if Wd.ndim != 2 or Wd.shape[1] != features:
        fail(fn, "W", f"a 2-d array (out features, {features})", Wd)
    named = {"x": xd, "W": Wd} if b is None else {"x": xd, "W": Wd, "b": array_arg(fn, "b", b)}
    expect_same_dtype(fn, list(named), list(named.values()))
    if b is not None and tuple(named["b"].shape) != (Wd.shape[0],):
        fail(fn, "b", f"shape ({Wd.shape[0]},), one bias per output", named["b"])
    if not train:
        ratio = 0.0
        if mask is None:
            return linear(x, W, b)
    n = xd.shape[0]
    keep = _mask(fn, mask, xd, (n, *Wd.shape) if use_batchwise_mask else tuple(Wd.shape),
                 ratio)
    dropped = W * (keep * (1.0 / (1.0 - ratio)))
    if keep.ndim == 2:
        return linear(x, dropped, b)
    y = reshape(matmul(dropped, reshape(x, (n, features, 1))), (n, Wd.shape[0]))
    return y if b is None else y + b


def _mask(fn: str, mask: Any, x: Any, shape: tuple[int, ...], ratio: float) -> Any:
    """The given mask in ``x``'s dtype, or a fresh one of ``shape``: 1 kept, 0 dropped."""
    backend = backend_of(x)
    if mask is None:
        u = backend.default_generator(backend.device_of(x)).uniform(0.0, 1.0, shape, x.dtype)
        return backend.xp.astype(u >= ratio, x.dtype)
    allowed = ((x.shape[0], *shape[-2:]), shape[-2:])
    expected = f"an array of shape {allowed[0]} or {allowed[1]} on {backend.name}"
    if isinstance(mask, Variable):
        mask = mask.array
    if not is_array(mask) or backend_of(mask) is not backend:
        fail(fn, "mask", expected, mask, kind="type")
    if tuple(mask.shape) not in allowed:
        fail(fn, "mask", expected, mask)
    return backend.xp.astype(mask, x.dtype)
