"""Chainer's old-style ``chainer.Function``: forward and backward both on arrays.

Ported code that subclasses ``chainer.Function`` runs unchanged; a call becomes one node
of the graph through an adapter. Its gradients are plain arrays, so (as in Chainer) there
is no double backprop through such a function: write a :class:`FunctionNode` for that.
"""

from __future__ import annotations

from typing import Any

from .configuration import config
from .function_node import FunctionNode
from .utils import type_check
from .variable import Variable


class Function:
    """Base of old-style functions.

    Override ``forward(inputs)`` (or ``forward_cpu``/``forward_gpu``) returning a tuple of
    arrays, and ``backward(inputs, grad_outputs)`` (or ``backward_cpu``/``backward_gpu``)
    returning one gradient array (or None) per input. Every input is kept for backward
    unless ``forward`` calls ``retain_inputs``; ``retain_outputs`` keeps outputs, read in
    backward as ``self.output_data``.

    >>> import numpy as np, flexgrad
    >>> class Square(flexgrad.Function):
    ...     def forward(self, inputs):
    ...         return inputs[0] ** 2,
    ...     def backward(self, inputs, grad_outputs):
    ...         return 2 * inputs[0] * grad_outputs[0],
    >>> x = flexgrad.Variable(np.array([3.0]))
    >>> y = Square()(x)
    >>> y.backward()
    >>> x.grad
    array([6.])
    """

    _retained_in: tuple[int, ...] | None = None
    _retained_out: tuple[int, ...] = ()
    output_data: tuple[Any, ...] | None = None

    def __call__(self, *inputs: Any) -> Any:
        outputs = FunctionAdapter(self).apply(inputs)
        return outputs[0] if len(outputs) == 1 else outputs

    @property
    def label(self) -> str:
        return type(self).__name__

    def check_type_forward(self, in_types: type_check.TypeInfoTuple) -> None:
        """Check the inputs with ``type_check.expect`` (nothing by default)."""

    def forward(self, inputs: tuple[Any, ...]) -> tuple[Any, ...]:
        """The outputs; by default ``forward_cpu`` on NumPy, ``forward_gpu`` on CuPy."""
        return self._dispatch("forward", inputs)

    def backward(self, inputs: tuple[Any, ...], grad_outputs: tuple[Any, ...]) -> Any:
        """The inputs' gradients; by default ``backward_cpu``/``backward_gpu``."""
        return self._dispatch("backward", inputs, grad_outputs)

    def retain_inputs(self, indexes: Any) -> None:
        """Keep only these inputs for backward (the others arrive there as None)."""
        self._retained_in = tuple(indexes)

    def retain_outputs(self, indexes: Any) -> None:
        """Keep these outputs for backward, as ``self.output_data``."""
        self._retained_out = tuple(indexes)

    def _dispatch(self, method: str, *args: Any) -> Any:
        device = _backend_name(args[0])
        for suffix, name in (("_cpu", "numpy"), ("_gpu", "cupy")):
            if device == name and hasattr(self, method + suffix):
                return getattr(self, method + suffix)(*args)
        raise NotImplementedError(f"{self.label}.{method} is not implemented for {device} "
                                  "arrays")


def _backend_name(arrays: tuple[Any, ...]) -> str:
    from . import backends

    for array in arrays:
        if array is not None:
            return backends.backend_of(array).name
    return "numpy"


class FunctionAdapter(FunctionNode):
    """The graph node of one call of an old-style :class:`Function`."""

    __slots__ = ("function",)

    def __init__(self, function: Function) -> None:
        self.function = function

    @property
    def label(self) -> str:
        return self.function.label

    def forward(self, inputs: tuple[Any, ...]) -> tuple[Any, ...]:
        function = self.function
        if config.type_check:
            function.check_type_forward(type_check.get_types(inputs))
        function._retained_in = None
        outputs = function.forward(inputs)
        if not isinstance(outputs, tuple):
            raise TypeError(f"{function.label}.forward must return a tuple of arrays, got "
                            f"{type(outputs).__name__}")
        retained = function._retained_in
        self.retain_inputs(range(len(inputs)) if retained is None else retained)
        self.retain_outputs(function._retained_out)
        return outputs

    def backward(self, indexes: tuple[int, ...], grad_outputs: tuple[Any, ...]) -> tuple:
        function = self.function
        in_data = self._retained_data()
        if function._retained_out:
            function.output_data = self._retained_data(outputs=True)
        grads = tuple([None if g is None else g.array for g in grad_outputs])
        gxs = function.backward(tuple(in_data), grads)
        if not isinstance(gxs, (tuple, list)) or len(gxs) != len(in_data):
            raise TypeError(f"{function.label}.backward must return one gradient (or None) "
                            f"per input ({len(in_data)}), got {gxs!r}"[:300])
        return tuple([None if gxs[i] is None else Variable(gxs[i]) for i in indexes])
