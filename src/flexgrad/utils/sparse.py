"""CooMatrix and to_coo: sparse matrices in coordinate form, for F.sparse_matmul."""

from __future__ import annotations

from typing import Any

from .. import backends
from ..errors import fail
from ..variable import Variable


class CooMatrix:
    """A sparse matrix (m, n), or a batch of them, as Chainer's: ``data[..., i]`` sits at
    ``(row[..., i], col[..., i])``; batched entries with ``row < 0`` are padding.

    Args:
        data: the values, (nnz,) or (batch, nnz), wrapped in a Variable (``.data``).
        row, col: integer arrays of ``data``'s shape and backend.
        shape: ``(m, n)``, the shape of each matrix.
        order: ``'C'`` or ``'F'`` when the entries are sorted by row or by column,
            else None (kept for Chainer's API; flexgrad needs no order).
        requires_grad: whether ``data`` gets a gradient.
    """

    def __init__(self, data: Any, row: Any, col: Any, shape: Any, order: str | None = None,
                 requires_grad: bool = False) -> None:
        array = data.array if isinstance(data, Variable) else data
        for name, index in (("row", row), ("col", col)):
            if not backends.is_array(index) or tuple(index.shape) != tuple(array.shape):
                fail("CooMatrix", name, f"an integer array of data's shape {array.shape}",
                     index, kind="type")
        if array.ndim not in (1, 2):
            fail("CooMatrix", "data", "a 1-d (nnz,) or 2-d (batch, nnz) array", array)
        if (not isinstance(shape, (tuple, list)) or len(shape) != 2
                or not all(isinstance(s, int) and s >= 0 for s in shape)):
            fail("CooMatrix", "shape", "a pair of ints (m, n)", f"{shape!r}", kind="type")
        if order not in (None, "C", "F"):
            fail("CooMatrix", "order", "None, 'C' or 'F'", f"{order!r}")
        self.data = data if isinstance(data, Variable) else \
            Variable(data, requires_grad=requires_grad)
        self.row, self.col = row, col
        self.shape = tuple(shape)
        self.order = order

    def __repr__(self) -> str:
        batch = "" if self.data.ndim == 1 else f"{self.data.shape[0]} x "
        return f"CooMatrix({batch}{self.shape}, nnz={self.data.shape[-1]})"

    def entries(self) -> tuple[Any, Any, Any, Any]:
        """Flat (nnz_total,) arrays: each entry's matrix in the batch, row, column (padding
        moved to (0, 0)), and the mask of real entries."""
        backend = backends.backend_of(self.row)
        xp = backend.xp
        row, col = self.row, self.col
        batch = xp.zeros_like(row)
        if row.ndim == 2:
            numbers = xp.arange(row.shape[0], dtype=row.dtype, device=backend.device_arg(row))
            batch = batch + xp.reshape(numbers, (-1, 1))
        real = row >= 0
        zero = xp.zeros_like(row)
        return tuple(xp.reshape(a, (-1,)) for a in
                     (batch, xp.where(real, row, zero), xp.where(real, col, zero), real))

    def to_dense(self) -> Any:
        """The dense array, (m, n) or (batch, m, n), on the data's backend."""
        from ..functions.math.sparse_matmul import densify

        return densify(self).array


def to_coo(x: Any, ldnz: int | None = None, requires_grad: bool = False) -> CooMatrix:
    """The nonzero entries of ``x`` (m, n), or of each matrix of ``x`` (batch, m, n), as a
    CooMatrix in row-major order; batched entries are padded to ``ldnz`` (default: the
    most nonzeros of any matrix) with zeros at ``row = col = -1``.

    Finding the nonzeros reads ``x`` on the host (the count decides the shapes).

    >>> import numpy as np
    >>> from flexgrad.utils import to_coo
    >>> coo = to_coo(np.array([[0.0, 2.0], [3.0, 0.0]]))
    >>> coo.data.array, coo.row, coo.col
    (array([2., 3.]), array([0, 1], dtype=int32), array([1, 0], dtype=int32))
    """
    array = x.array if isinstance(x, Variable) else x
    if not backends.is_array(array) or array.ndim not in (2, 3):
        fail("to_coo", "x", "a 2-d or 3-d (batch of matrices) array", x)
    backend = backends.backend_of(array)
    host = backend.to_numpy(array)
    hp = backends.get_backend("numpy").xp
    matrices = host[None] if host.ndim == 2 else host
    found = [hp.nonzero(m) for m in matrices]
    most = max(r.shape[0] for r, _ in found)
    width = most if ldnz is None else ldnz
    if not isinstance(width, int) or width < most:
        fail("to_coo", "ldnz", f"None or an int >= {most} (the most nonzeros of a matrix)",
             f"{ldnz!r}")
    data = hp.zeros((len(found), width), dtype=host.dtype)
    row = hp.full((len(found), width), -1, dtype=hp.int32)
    col = hp.full((len(found), width), -1, dtype=hp.int32)
    for i, (r, c) in enumerate(found):
        n = r.shape[0]
        data[i, :n], row[i, :n], col[i, :n] = matrices[i][r, c], r, c
    if host.ndim == 2:
        data, row, col = data[0], row[0], col[0]
    device = backend.device_of(array)
    return CooMatrix(backend.from_numpy(data, device), backend.from_numpy(row, device),
                     backend.from_numpy(col, device), tuple(matrices.shape[1:]), order="C",
                     requires_grad=requires_grad)
