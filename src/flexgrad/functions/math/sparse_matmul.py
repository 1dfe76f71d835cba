"""sparse_matmul: products of a CooMatrix and a dense array, as a gather, a scale and a
scatter-add (each differentiable, so the gradients for the values and the dense operand
come from them, to any order)."""

from __future__ import annotations

from typing import Any

from ... import backends
from ...errors import expect_same_dtype, fail
from ...utils.sparse import CooMatrix
from ...variable import Variable
from ..array._args import array_arg
from ..array.get_item import get_item
from ..array.reshape import reshape
from ..array.scatter_add import scatter_add
from ..array.transpose import swapaxes


def _values(coo: CooMatrix) -> tuple[Variable, tuple[Any, Any, Any], int]:
    """The entries' values (padding zeroed), their (matrix, row, col) and the batch size."""
    batch_of, row, col, real = coo.entries()
    data = coo.data
    xp = backends.backend_of(data.array).xp
    values = reshape(data, (-1,)) * xp.astype(real, data.dtype)
    return values, (batch_of, row, col), 1 if data.ndim == 1 else data.shape[0]


def densify(coo: CooMatrix) -> Variable:
    """``coo`` as a dense Variable (m, n) or (batch, m, n), differentiable in its data."""
    values, (batch_of, row, col), batch = _values(coo)
    m, n = coo.shape
    backend = backends.backend_of(coo.data.array)
    zeros = backend.xp.zeros((batch * m * n,), dtype=coo.data.dtype,
                             device=backend.device_arg(coo.data.array))
    dense = scatter_add(zeros, (batch_of * m + row) * n + col, values)
    return reshape(dense, coo.shape if coo.data.ndim == 1 else (batch, m, n))


def _sparse_left(coo: CooMatrix, trans: bool, b: Variable | Any, shape: tuple) -> Variable:
    """``op(coo) @ b`` for a dense ``b`` (k, n) or (batch, k, n)."""
    values, (batch_of, row, col), batch = _values(coo)
    m, k = coo.shape[::-1] if trans else coo.shape
    if trans:
        row, col = col, row
    if shape[-2] != k or len(shape) != coo.data.ndim + 1 or (batch > 1 and shape[0] != batch):
        expected = f"({k}, n)" if coo.data.ndim == 1 else f"({batch}, {k}, n)"
        fail("sparse_matmul", "b", f"a dense operand of shape {expected} to match the "
             "sparse one (after transa/transb)", f"shape {shape}")
    n = shape[-1]
    gathered = get_item(reshape(b, (batch * k, n)), batch_of * k + col)
    contributions = gathered * reshape(values, (-1, 1))
    backend = backends.backend_of(coo.data.array)
    zeros = backend.xp.zeros((batch * m, n), dtype=coo.data.dtype,
                             device=backend.device_arg(coo.data.array))
    y = scatter_add(zeros, batch_of * m + row, contributions)
    return reshape(y, (m, n) if coo.data.ndim == 1 else (batch, m, n))


def sparse_matmul(a: CooMatrix | Variable | Any, b: CooMatrix | Variable | Any,
                  transa: bool = False, transb: bool = False) -> Variable:
    """``op(a) @ op(b)`` where one of ``a``, ``b`` is a ``flexgrad.utils.CooMatrix`` and
    the other a dense 2-d array (3-d with a batched CooMatrix); ``op`` transposes the last
    two axes where ``transa``/``transb`` say. Differentiable in the dense operand and in
    the CooMatrix's data.

    >>> import numpy as np, flexgrad.functions as F
    >>> from flexgrad.utils import to_coo
    >>> a = to_coo(np.array([[0.0, 2.0], [1.0, 0.0]]))
    >>> F.sparse_matmul(a, np.array([[1.0, 2.0], [3.0, 4.0]])).array
    array([[6., 8.],
           [1., 2.]])
    """
    if isinstance(a, CooMatrix) == isinstance(b, CooMatrix):
        fail("sparse_matmul", "a", "exactly one CooMatrix operand (the other dense)",
             f"{type(a).__name__} and {type(b).__name__}", kind="type")
    if isinstance(a, CooMatrix):
        dense = array_arg("sparse_matmul", "b", b)
        expect_same_dtype("sparse_matmul", ("a.data", "b"), (a.data.array, dense))
        if transb:
            b = swapaxes(b, -1, -2)
        shape = tuple(dense.shape[:-2]) + tuple(dense.shape[-2:][::-1] if transb
                                                 else dense.shape[-2:])
        return _sparse_left(a, transa, b, shape)
    dense = array_arg("sparse_matmul", "a", a)
    expect_same_dtype("sparse_matmul", ("b.data", "a"), (b.data.array, dense))
    if dense.ndim < 2:
        fail("sparse_matmul", "a", "a 2-d or 3-d dense array", dense)
    # op(a) @ op(b) = (op(b)^T @ op(a)^T)^T
    a_t = a if transa else swapaxes(a, -1, -2)
    shape = tuple(dense.shape[:-2]) + tuple(dense.shape[-2:] if transa
                                             else dense.shape[-2:][::-1])
    return swapaxes(_sparse_left(b, not transb, a_t, shape), -1, -2)
