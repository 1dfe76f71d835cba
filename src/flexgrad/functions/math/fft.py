"""fft and ifft along the last axis of a complex array given as its (real, imag) parts,
as in Chainer, through the backend's fft (the standard's optional extension)."""

from __future__ import annotations

from typing import Any

from ...errors import expect_float, expect_same_dtype, fail
from ...function_node import FunctionNode
from ...variable import Variable
from ..array._args import array_arg


class FFT(FunctionNode):
    """The (inverse) DFT of ``real + 1j * imag``. Its adjoint is ``n * ifft`` for fft and
    ``fft / n`` for ifft: backward is the other transform, scaled."""

    __slots__ = ("inverse",)

    def __init__(self, inverse: bool) -> None:
        self.inverse = inverse

    @property
    def fn(self) -> str:
        return "ifft" if self.inverse else "fft"

    def forward(self, inputs):
        real, imag = inputs
        expect_float(self.fn, "x[0]", real, self.backend)
        expect_same_dtype(self.fn, ("x[0]", "x[1]"), (real, imag))
        if tuple(real.shape) != tuple(imag.shape) or real.ndim == 0:
            fail(self.fn, "x[1]", f"the shape of x[0] {tuple(real.shape)}, with at least "
                 "one axis", imag)
        return self.backend.fft(real, imag, self.inverse)

    def backward(self, indexes, grad_outputs):
        n = grad_outputs[0].shape[-1]
        g_real, g_imag = FFT(not self.inverse).apply(grad_outputs)
        scale = 1.0 / n if self.inverse else float(n)
        return g_real * scale, g_imag * scale


def _transform(fn: str, x: Any, inverse: bool) -> tuple[Variable, Variable]:
    if not isinstance(x, (tuple, list)) or len(x) != 2:
        fail(fn, "x", "a pair (real, imag) of Variables or arrays", x, kind="type")
    for i, part in enumerate(x):
        array_arg(fn, f"x[{i}]", part)
    real, imag = FFT(inverse).apply(tuple(x))
    return real, imag


def fft(x: Any) -> tuple[Variable, Variable]:
    """The discrete Fourier transform along the last axis of a complex array given as
    ``x = (real, imag)`` (two float arrays of one shape); returns its ``(real, imag)``.

    >>> import numpy as np, flexgrad.functions as F
    >>> real, imag = F.fft((np.array([1.0, 0.0, 0.0, 0.0]), np.zeros(4)))
    >>> real.array, imag.array
    (array([1., 1., 1., 1.]), array([0., 0., 0., 0.]))
    """
    return _transform("fft", x, False)


def ifft(x: Any) -> tuple[Variable, Variable]:
    """The inverse of ``fft`` (scaled by ``1/n``), on and to ``(real, imag)`` pairs.

    >>> import numpy as np, flexgrad.functions as F
    >>> real, imag = F.ifft((np.ones(4), np.zeros(4)))
    >>> real.array, imag.array
    (array([1., 0., 0., 0.]), array([0., 0., 0., 0.]))
    """
    return _transform("ifft", x, True)
