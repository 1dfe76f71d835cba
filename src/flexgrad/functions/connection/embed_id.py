"""Embedding lookup: rows of a weight matrix picked by integer IDs."""

from __future__ import annotations

from typing import Any

from ... import backends
from ..._row_sparse import RowSparse, keeps_rows
from ...configuration import config
from ...errors import expect_float, expect_integer, fail
from ...function_node import FunctionNode
from ...variable import Variable, _new_constant
from .._value_check import check_values, out_of_range, unchecked
from ..array._args import array_arg, is_int


class EmbedIDFunction(FunctionNode):
    """``W[x]`` for integer ``x``, with zero rows where ``x == ignore_label``; inputs
    ``(x, W)``, only ``W`` gets a gradient. ``guard``: IDs were not checked, so rows of
    IDs out of range are NaN (and look up row 0), not an error deep in the library."""

    __slots__ = ("ignore_label", "guard", "_x", "_w_shape")

    def __init__(self, ignore_label: int | None, guard: bool = False) -> None:
        self.ignore_label = ignore_label
        self.guard = guard

    def forward(self, inputs):
        x, W = inputs
        xp, backend = self.xp, self.backend
        bad = None
        if self.guard:
            bad = out_of_range(0, W.shape[0], self.ignore_label)(xp, x)
            x = xp.where(bad, xp.zeros_like(x), x)
        self._x, self._w_shape = x, tuple(W.shape)
        ignored = None if self.ignore_label is None else x == self.ignore_label
        if ignored is not None:
            x = xp.where(ignored, xp.zeros_like(x), x)
        y = backend.take(W, backend.reshape(x, (-1,)), 0)
        y = backend.reshape(y, (*x.shape, W.shape[1]))
        if ignored is not None:
            y = xp.where(xp.expand_dims(ignored, axis=-1), xp.zeros_like(y), y)
        if bad is not None:
            y = xp.where(xp.expand_dims(bad, axis=-1), xp.full_like(y, float("nan")), y)
        return (y,)

    def backward(self, indexes, grad_outputs):
        if 1 not in indexes:
            return (None,)
        edges = getattr(self, "_edges", None)
        if (not config.enable_backprop and edges and type(edges[1]) is not tuple
                and edges[1] is not None and keeps_rows(self.backend)):
            # W is a leaf, its gradient only summed and stored: keep just the rows
            g_w = _new_constant(self._row_sparse(grad_outputs[0]._data))
        else:
            grad = EmbedIDGrad(self._x, self._w_shape, self.ignore_label)
            g_w = grad.apply(grad_outputs)[0]
        return tuple(None if i == 0 else g_w for i in indexes)

    def _row_sparse(self, gy: Any) -> RowSparse:
        """W's gradient as the rows the IDs picked (``EmbedIDGrad``'s, without the dense
        vocabulary x units array)."""
        xp, x = self.xp, self._x
        if self.ignore_label is not None:
            ignored = x == self.ignore_label
            x = xp.where(ignored, xp.zeros_like(x), x)
            gy = xp.where(xp.expand_dims(ignored, axis=-1), xp.zeros_like(gy), gy)
        rows = self.backend.reshape(x, (-1,))
        values = self.backend.reshape(gy, (rows.shape[0], self._w_shape[1]))
        return RowSparse([(rows, values)], self._w_shape)


class EmbedIDGrad(FunctionNode):
    """``W``'s gradient: each output row's gradient added to row ``x`` (repeats add up);
    linear in ``gy``, so its own gradient is the lookup again."""

    __slots__ = ("x", "w_shape", "ignore_label")

    def __init__(self, x: Any, w_shape: tuple[int, int], ignore_label: int | None) -> None:
        self.x = x
        self.w_shape = w_shape
        self.ignore_label = ignore_label

    def forward(self, inputs):
        (gy,) = inputs
        xp, x = self.xp, self.x
        if self.ignore_label is not None:
            ignored = x == self.ignore_label
            x = xp.where(ignored, xp.zeros_like(x), x)
            gy = xp.where(xp.expand_dims(ignored, axis=-1), xp.zeros_like(gy), gy)
        zeros = xp.zeros(self.w_shape, dtype=gy.dtype, device=self.backend.device_arg(gy))
        return (self.backend.scatter_add(zeros, x, gy),)

    def backward(self, indexes, grad_outputs):
        return (EmbedIDFunction(self.ignore_label).apply((self.x, grad_outputs[0]))[0],)


def embed_id(x: Variable | Any, W: Variable | Any, ignore_label: int | None = None) -> Variable:
    """Embedding: ``y[..., :] = W[x[...], :]``, zeros where ``x == ignore_label``.

    Args:
        x: integer IDs in ``[0, n_vocab)`` (or ``ignore_label``), any shape.
        W: the embeddings (n_vocab, n_units); its gradient adds up repeated IDs.
        ignore_label: an ID that embeds to zeros and passes no gradient, or None.

    IDs out of range raise in debug mode (``flexgrad.config.debug``), and on Dask when the
    result is computed; outside debug mode an eager backend does not look at them (on a GPU
    that would wait for it, as Chainer also skips it) and their rows come out NaN.

    Returns:
        ``x.shape + (n_units,)``.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.embed_id(np.array([2, -1]), np.arange(6.0).reshape(3, 2), ignore_label=-1).array
    array([[4., 5.],
           [0., 0.]])
    """
    xd, Wd = array_arg("embed_id", "x", x), array_arg("embed_id", "W", W)
    backend = backends.backend_of(xd)
    expect_integer("embed_id", "x", xd, backend)
    expect_float("embed_id", "W", Wd, backends.backend_of(Wd))
    if Wd.ndim != 2:
        fail("embed_id", "W", "a 2-d array (n_vocab, n_units)", Wd)
    if ignore_label is not None and not is_int(ignore_label):
        fail("embed_id", "ignore_label", "None or an int", f"{ignore_label!r}", kind="type")
    n = Wd.shape[0]
    x = check_values("embed_id", "x", xd, backend, out_of_range(0, n, ignore_label),
                     f"IDs in [0, {n}) or ignore_label={ignore_label}", "IDs")
    return EmbedIDFunction(ignore_label, unchecked(backend, x)).apply((x, W))[0]
