"""local_response_normalization: divide by a power of the squares summed over nearby
channels (AlexNet's cross-channel normalization)."""

from __future__ import annotations

from typing import Any

from ...configuration import config
from ...errors import expect_float, fail
from ...function_node import FunctionNode
from ...variable import Variable, _new_constant
from ..array._args import array_arg, is_int


def _window_sum(backend: Any, v: Any, half: int) -> Any:
    """``out[:, c] = sum(v[:, c - half : c + half + 1])``, channels outside counting 0."""
    if half == 0:
        return v
    xp, channels = backend.xp, v.shape[1]
    zeros = xp.zeros((v.shape[0], half, *v.shape[2:]), dtype=v.dtype,
                     device=backend.device_arg(v))
    padded = xp.concat([zeros, v, zeros], axis=1)
    total = padded[:, :channels, ...]
    for k in range(1, 2 * half + 1):
        total = total + padded[:, k:k + channels, ...]
    return total


class WindowSum(FunctionNode):
    """The cross-channel window sum; symmetric, so its backward is itself."""

    __slots__ = ("half",)

    def __init__(self, half: int) -> None:
        self.half = half

    def forward(self, inputs):
        return (_window_sum(self.backend, inputs[0], self.half),)

    def backward(self, indexes, grad_outputs):
        return WindowSum(self.half).apply(grad_outputs)


class LocalResponseNormalization(FunctionNode):
    """``y = x * scale ** -beta``, ``scale = k + alpha * window_sum(x ** 2)``; the second
    output is ``scale``, kept (with x) for a backward that is exact to any order."""

    __slots__ = ("half", "k", "alpha", "beta")

    def __init__(self, n: int, k: float, alpha: float, beta: float) -> None:
        self.half, self.k, self.alpha, self.beta = n // 2, k, alpha, beta

    def forward(self, inputs):
        (x,) = inputs
        expect_float("local_response_normalization", "x", x, self.backend)
        if x.ndim < 2:
            fail("local_response_normalization", "x",
                 "an array of 2 or more dims (batch, channels, ...)", x)
        scale = self.k + self.alpha * _window_sum(self.backend, x * x, self.half)
        self.retain_inputs((0,))
        self.retain_outputs((1,))
        return x * scale ** -self.beta, scale

    def backward(self, indexes, grad_outputs):
        gy, g_scale = grad_outputs
        if config.enable_backprop:  # double backprop: the same formulas, recorded
            (x,), (scale,) = self.get_retained_inputs(), self.get_retained_outputs()

            def window(v: Any) -> Any:
                return WindowSum(self.half).apply((v,))[0]
        else:
            (x,), (scale,) = self.get_retained_arrays(), self.get_retained_arrays(True)
            gy = None if gy is None else gy.array
            g_scale = None if g_scale is None else g_scale.array

            def window(v: Any) -> Any:
                return _window_sum(self.backend, v, self.half)
        # gx = gy * p + 2 alpha x * window(g_scale - beta * gy * x * p / scale), p = scale**-b
        power = scale ** -self.beta
        inner = g_scale
        if gy is not None:
            term = gy * x * power / scale * (-self.beta)
            inner = term if inner is None else inner + term
        gx = x * window(inner) * (2.0 * self.alpha)
        if gy is not None:
            gx = gy * power + gx
        return (gx if isinstance(gx, Variable) else _new_constant(gx),)


def local_response_normalization(x: Variable | Any, n: int = 5, k: float = 2,
                                 alpha: float = 1e-4, beta: float = 0.75) -> Variable:
    """Local response normalization across channels (axis 1):
    ``y_c = x_c / (k + alpha * sum(x_j ** 2 for j within n // 2 of c)) ** beta``.

    >>> import numpy as np, flexgrad.functions as F
    >>> x = np.ones((1, 3))
    >>> F.local_response_normalization(x, n=3, k=1.0, alpha=1.0, beta=1.0).array
    array([[0.33333333, 0.25      , 0.33333333]])
    """
    array_arg("local_response_normalization", "x", x)
    if not is_int(n) or n < 1:
        fail("local_response_normalization", "n", "a positive int", f"{n!r}")
    return LocalResponseNormalization(n, k, alpha, beta).apply((x,))[0]
