"""copy: a differentiable move of a Variable to another device, or another backend."""

from __future__ import annotations

from typing import Any

from ... import backends
from ...errors import fail
from ...function_node import FunctionNode
from ...variable import Variable
from ._args import array_arg


class Copy(FunctionNode):
    """The input sent to ``dst``; the gradient goes back to ``src``, the input's device."""

    __slots__ = ("_src", "_dst")

    def __init__(self, src: backends.Device, dst: backends.Device) -> None:
        self._src, self._dst = src, dst

    def forward(self, inputs):
        return (self._dst.send(inputs[0]),)

    def backward(self, indexes, grad_outputs):
        return (Copy(self._dst, self._src).apply(grad_outputs)[0],)

    def _adopt(self, y: Any, index: int) -> Any:
        return y  # leaving the inputs' backend is this node's purpose, not a mistake


def copy(x: Variable | Any, dst: Any) -> Variable:
    """``x`` on the device ``dst``, differentiably: the gradient is sent back to ``x``'s
    device. On the same device the array is not copied (the output holds ``x``'s array).

    Args:
        x: a Variable or an array, on any backend.
        dst: where to: a spec such as ``'@numpy'``, ``'@dask'`` or ``'@cupy:1'``, a
            ``Device``, or Chainer's integers (``-1`` for the CPU, ``n`` for CuPy's GPU n).

    >>> import numpy as np, flexgrad.functions as F
    >>> y = F.copy(np.array([1.0, 2.0]), '@dask')
    >>> type(y.array).__module__.split('.')[0], y.array.compute().tolist()
    ('dask', [1.0, 2.0])
    """
    xa = array_arg("copy", "x", x)
    try:
        target = backends.get_device(dst)
    except (TypeError, ValueError):
        fail("copy", "dst", "a device: a spec like '@numpy' or '@dask', a Device, or "
             "Chainer's -1 (CPU) or n (CuPy's GPU n)", f"{dst!r}")
    return Copy(backends.get_device_from_array(xa), target).apply((x,))[0]
