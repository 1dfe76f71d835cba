"""batch_matmul: Chainer's batched matrix product (deprecated there in favour of matmul)."""

from __future__ import annotations

from typing import Any

from ...errors import fail
from ...variable import Variable
from ..array._args import array_arg
from ..array.reshape import reshape
from .matmul import matmul


def _as_matrices(name: str, x: Variable | Any) -> Variable | Any:
    shape = tuple(array_arg("batch_matmul", name, x).shape)
    if len(shape) < 2:
        fail("batch_matmul", name, "an array of 2 or more dims (batch first)", x)
    return reshape(x, shape[:2] + (-1,))


def batch_matmul(a: Variable | Any, b: Variable | Any, transa: bool = False,
                 transb: bool = False) -> Variable:
    """Matrix products of two batches of matrices, as Chainer's (prefer ``matmul``).

    A composite of reshape and matmul, so it needs no backward of its own.

    Args:
        a, b: batches along axis 0. A 2-d array ``(B, N)`` is B column vectors (``N x 1``);
            a 3-d array ``(B, M, N)`` is B ``M x N`` matrices (more axes are flattened
            into the last).
        transa, transb: transpose each matrix of ``a`` (of ``b``) first.

    Returns:
        A 3-d Variable ``(B, rows, columns)``.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.batch_matmul(np.ones((2, 3)), np.ones((2, 3)), transb=True).shape
    (2, 3, 3)
    """
    return matmul(_as_matrices("a", a), _as_matrices("b", b), transa, transb)
