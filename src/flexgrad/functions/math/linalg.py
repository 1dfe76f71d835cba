"""det, inv and cholesky of square matrices (batched forms too), through the backend's
linalg (the standard's optional extension; Dask's goes through NumPy per chunk)."""

from __future__ import annotations

from typing import Any

from ...errors import expect_float, fail
from ...function_node import FunctionNode
from ...variable import Variable
from ..array._args import array_arg
from ..array.reshape import reshape
from ..array.transpose import swapaxes
from .matmul import matmul


def _square(fn: str, a: Any, ndim: int) -> None:
    """``a`` holds square matrices with ``ndim`` axes in all (a batch first where 3)."""
    if a.ndim != ndim or a.shape[-1] != a.shape[-2]:
        batch = "a batch of square matrices (b, n, n)" if ndim == 3 else "a square matrix"
        fail(fn, "a", batch, a)


class _Linalg(FunctionNode):
    """One of the backend's ``linalg`` functions on float square matrices."""

    __slots__ = ("fn",)
    name = ""

    def __init__(self, fn: str) -> None:
        self.fn = fn  # the public function, for errors

    def compute(self, a: Any) -> Any:
        expect_float(self.fn, "a", a, self.backend)
        return self.backend.linalg(self.name, a)


class Det(_Linalg):
    """``d det(A) / dA = det(A) * inv(A)^T`` (A invertible)."""

    __slots__ = ()
    name = "det"

    def forward(self, inputs):
        self.retain_inputs((0,))
        self.retain_outputs((0,))
        return (self.compute(inputs[0]),)

    def backward(self, indexes, grad_outputs):
        (a,) = self.get_retained_inputs()
        (y,) = self.get_retained_outputs()
        scale = reshape(grad_outputs[0] * y, tuple(y.shape) + (1, 1))
        return (swapaxes(Inv(self.fn).apply((a,))[0], -1, -2) * scale,)


class Inv(_Linalg):
    """``Y = inv(A)``: the gradient is ``-Y^T gY Y^T``."""

    __slots__ = ()
    name = "inv"

    def forward(self, inputs):
        self.retain_outputs((0,))
        return (self.compute(inputs[0]),)

    def backward(self, indexes, grad_outputs):
        (y,) = self.get_retained_outputs()
        return (-matmul(matmul(y, grad_outputs[0], transa=True), y, transb=True),)


class Cholesky(_Linalg):
    """``A = L L^T``: the gradient is the symmetric part of ``L^-T Phi(L^T gL) L^-1``,
    ``Phi`` keeping the lower triangle with its diagonal halved (A's perturbations are
    symmetric, so only that part is defined)."""

    __slots__ = ()
    name = "cholesky"

    def forward(self, inputs):
        self.retain_outputs((0,))
        return (self.compute(inputs[0]),)

    def backward(self, indexes, grad_outputs):
        (lower,) = self.get_retained_outputs()
        xp = self.xp
        n = lower.shape[-1]
        device = self.backend.device_arg(lower.array)
        ones = xp.ones((n, n), dtype=lower.dtype, device=device)
        phi = xp.tril(ones) - 0.5 * xp.eye(n, dtype=lower.dtype, device=device)
        inner = matmul(lower, grad_outputs[0], transa=True) * phi
        inverse = Inv(self.fn).apply((lower,))[0]
        s = matmul(matmul(inverse, inner, transa=True), inverse)
        return ((s + swapaxes(s, -1, -2)) * 0.5,)


def _apply(node: _Linalg, a: Variable | Any, ndim: int) -> Variable:
    _square(node.fn, array_arg(node.fn, "a", a), ndim)
    return node.apply((a,))[0]


def det(a: Variable | Any) -> Variable:
    """The determinant of a square matrix ``a`` (n, n), as a 0-d Variable.

    >>> import numpy as np, flexgrad.functions as F
    >>> round(float(F.det(np.array([[2.0, 1.0], [1.0, 3.0]])).array), 8)
    5.0
    """
    return _apply(Det("det"), a, 2)


def batch_det(a: Variable | Any) -> Variable:
    """The determinants of a batch of square matrices ``a`` (b, n, n), shape (b,).

    >>> import numpy as np, flexgrad.functions as F
    >>> F.batch_det(np.stack([np.eye(2), 2 * np.eye(2)])).array
    array([1., 4.])
    """
    return _apply(Det("batch_det"), a, 3)


def inv(a: Variable | Any) -> Variable:
    """The inverse of a square matrix ``a`` (n, n).

    >>> import numpy as np, flexgrad.functions as F
    >>> F.inv(np.array([[2.0, 0.0], [0.0, 4.0]])).array
    array([[0.5 , 0.  ],
           [0.  , 0.25]])
    """
    return _apply(Inv("inv"), a, 2)


def batch_inv(a: Variable | Any) -> Variable:
    """The inverses of a batch of square matrices ``a`` (b, n, n).

    >>> import numpy as np, flexgrad.functions as F
    >>> F.batch_inv(np.stack([np.eye(2), 2 * np.eye(2)])).array[1]
    array([[0.5, 0. ],
           [0. , 0.5]])
    """
    return _apply(Inv("batch_inv"), a, 3)


def cholesky(a: Variable | Any) -> Variable:
    """The lower-triangular Cholesky factor ``L`` of a symmetric positive-definite matrix
    ``a`` (n, n), ``a = L @ L.T``. Its gradient is symmetric, as ``a`` must be.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.cholesky(np.array([[4.0, 2.0], [2.0, 5.0]])).array
    array([[2., 0.],
           [1., 2.]])
    """
    return _apply(Cholesky("cholesky"), a, 2)
