"""FunctionNodes for testing the kit: right ones, and ones wrong in one precise way each."""

from __future__ import annotations

import numpy as np

import flexgrad
from flexgrad import FunctionNode


class Cube(FunctionNode):
    """x ** 3, with a correct, twice-differentiable backward."""

    def forward(self, inputs):
        self.retain_inputs((0,))
        return (inputs[0] ** 3,)

    def backward(self, indexes, grad_outputs):
        (x,) = self.get_retained_inputs()
        return (grad_outputs[0] * 3.0 * x * x,)


class CubeWrongGrad(Cube):
    """Backward returns 2x instead of 3x²."""

    def backward(self, indexes, grad_outputs):
        (x,) = self.get_retained_inputs()
        return (grad_outputs[0] * 2.0 * x,)


class CubeRawBackward(Cube):
    """Right first derivative, computed on raw arrays: x's second derivative is lost."""

    def backward(self, indexes, grad_outputs):
        (x,) = self.get_retained_inputs()
        return (grad_outputs[0] * (3.0 * x.array * x.array),)


class ThreeSquaredWrongGrad(FunctionNode):
    """3x², whose backward says 3x (the right one is 6x)."""

    def forward(self, inputs):
        self.retain_inputs((0,))
        return (3.0 * inputs[0] ** 2,)

    def backward(self, indexes, grad_outputs):
        (x,) = self.get_retained_inputs()
        return (grad_outputs[0] * 3.0 * x,)


class CubeWrongSecond(Cube):
    """Right first derivative, built on a node whose own derivative is wrong."""

    def backward(self, indexes, grad_outputs):
        (x,) = self.get_retained_inputs()
        return (grad_outputs[0] * ThreeSquaredWrongGrad().apply((x,))[0],)


class CubeOneElementOff(Cube):
    """Right gradient except at the first element, which is off by 1."""

    def backward(self, indexes, grad_outputs):
        (x,) = self.get_retained_inputs()
        off = np.zeros(x.shape)
        off.flat[0] = 1.0
        bump = self.backend.xp.astype(self.backend.from_numpy(off), x.dtype)
        return (grad_outputs[0] * 3.0 * x * x + bump,)


class MulWrongY(FunctionNode):
    """x * y whose gradient for y (input 1) is doubled."""

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        return (inputs[0] * inputs[1],)

    def backward(self, indexes, grad_outputs):
        x, y = self.get_retained_inputs()
        gz = grad_outputs[0]
        return tuple(gz * y if i == 0 else gz * x * 2.0 for i in indexes)


class ScaleIgnoringLabels(FunctionNode):
    """2 * x, with an integer input that gets no gradient (or, if ``leak``, a wrong one)."""

    def __init__(self, leak: bool = False) -> None:
        self.leak = leak

    def forward(self, inputs):
        return (inputs[0] * 2.0,)

    def backward(self, indexes, grad_outputs):
        gy = grad_outputs[0]
        return tuple(gy * 2.0 if i == 0 else (gy if self.leak else None) for i in indexes)


class ScaleByBackend(FunctionNode):
    """x * 3, except x * 2 in forward on ``forward_on`` and gy * 4 in backward on ``grad_on``."""

    def __init__(self, forward_on: str = "", grad_on: str = "") -> None:
        self.forward_on, self.grad_on = forward_on, grad_on

    def forward(self, inputs):
        return (inputs[0] * (2.0 if self.backend.name == self.forward_on else 3.0),)

    def backward(self, indexes, grad_outputs):
        return (grad_outputs[0] * (4.0 if self.backend.name == self.grad_on else 3.0),)


class PeekingDouble(FunctionNode):
    """2 * x, but forward looks at a value (float() on an array): computes on Dask."""

    def forward(self, inputs):
        if float(self.xp.max(inputs[0])) > 1e300:
            raise ValueError("too large")
        return (inputs[0] * 2.0,)

    def backward(self, indexes, grad_outputs):
        return (grad_outputs[0] * 2.0,)


class UpcastOnStrict(FunctionNode):
    """Identity that returns float64 on array_api_strict."""

    def forward(self, inputs):
        x = inputs[0]
        if self.backend.name == "array_api_strict":
            x = self.xp.astype(x, self.xp.float64)
        return (x + 0.0,)

    def backward(self, indexes, grad_outputs):
        return grad_outputs


class CubeWrongWhenRecorded(Cube):
    """Right gradient without a graph; zero when double backprop records one."""

    def backward(self, indexes, grad_outputs):
        if not flexgrad.config.enable_backprop:
            (x,) = self.get_retained_arrays()
            return (grad_outputs[0] * (3.0 * x * x),)
        (x,) = self.get_retained_inputs()
        return (grad_outputs[0] * 0.0 * x,)


class SumWithScalarGrad(FunctionNode):
    """sum(x) whose backward returns raw arrays: NumPy gives a 0-d scalar for 1-d x."""

    def forward(self, inputs):
        return (self.xp.sum(inputs[0]),)

    def backward(self, indexes, grad_outputs):
        gy = grad_outputs[0].array
        return (gy * self.xp.ones_like(gy),)


def fresh(node_type: type, *args):
    """A function of Variables applying a new ``node_type(*args)`` per call."""
    return lambda *xs: node_type(*args).apply(xs)[0]


def on(backend: str, array: np.ndarray):
    """``array`` sent to ``backend`` (Dask in 2-element chunks)."""
    if backend == "dask":
        import dask.array as da

        return da.from_array(array, chunks=2)
    return flexgrad.get_device("@" + backend).send(array)
