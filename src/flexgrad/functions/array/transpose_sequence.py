"""transpose_sequence: a batch of sequences (longest first) turned into a sequence of batches."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

from ...errors import expect_same_dtype, fail
from ...function_node import FunctionNode
from ...variable import Variable
from ._args import array_arg


class TransposeSequence(FunctionNode):
    """Output ``t`` stacks element ``t`` of every input at least ``t + 1`` long.

    The inputs are joined, put in time-major order by one ``take``, and each output is a
    slice of that. The transpose of the outputs is the inputs again, so backward is this
    node on the gradients.
    """

    __slots__ = ("_lengths", "_unit", "_dtype", "_device")

    def forward(self, inputs):
        xp = self.xp
        self._lengths = [x.shape[0] for x in inputs]
        self._unit = tuple(inputs[0].shape[1:])
        self._dtype, self._device = inputs[0].dtype, self.backend.device_arg(inputs[0])
        if not self._lengths[0]:
            return ()
        joined = self.backend.coalesce(xp.concat(list(inputs), axis=0), 0)
        starts = list(itertools.accumulate(self._lengths[:-1], initial=0))
        steps = [[s + t for s, n in zip(starts, self._lengths, strict=True) if n > t]
                 for t in range(self._lengths[0])]
        order = list(itertools.chain.from_iterable(steps))
        if order != list(range(len(order))):  # one sequence, or all of length 1: as is
            int64 = self.backend.dtype("int64")
            joined = self.backend.take(
                joined, xp.asarray(order, dtype=int64, device=self._device), axis=0)
        ends = itertools.accumulate(len(step) for step in steps)
        return tuple(joined[end - len(step):end, ...]
                     for step, end in zip(steps, ends, strict=True))

    def backward(self, indexes, grad_outputs):
        def zeros(shape: tuple[int, ...]) -> Any:
            return self.xp.zeros(shape, dtype=self._dtype, device=self._device)

        counts = [sum(n > t for n in self._lengths) for t in range(len(grad_outputs))]
        gys = [zeros((c,) + self._unit) if g is None else g
               for g, c in zip(grad_outputs, counts, strict=True)]
        gxs = TransposeSequence().apply(gys) if gys else ()
        return tuple(gxs[i] if i < len(gxs) else
                     Variable(zeros((0,) + self._unit), requires_grad=False)
                     for i in indexes)


def transpose_sequence(xs: Sequence[Variable | Any]) -> tuple[Variable, ...]:
    """Transpose a list of sequences sorted by decreasing length.

    ``[(0, 1, 2, 3), (4, 5), (6,)]`` becomes ``[(0, 4, 6), (1, 5), (2,), (3,)]``: output
    ``t`` holds step ``t`` of every sequence that long (an RNN's input per time step).

    Args:
        xs: Variables or arrays ``(len_i, ...)`` of one dtype and trailing shape, with
            ``len_0 >= len_1 >= ...``.

    Returns:
        A tuple of ``len_0`` Variables (empty for empty ``xs``).

    >>> import numpy as np, flexgrad.functions as F
    >>> ys = F.transpose_sequence([np.array([1.0, 1, 1]), np.array([2.0, 2]), np.array([3.0])])
    >>> [y.array.tolist() for y in ys]
    [[1.0, 2.0, 3.0], [1.0, 2.0], [1.0]]
    """
    if not isinstance(xs, (list, tuple)):
        fail("transpose_sequence", "xs", "a list or tuple of Variables or arrays", xs,
             kind="type")
    if not xs:
        return ()
    arrays = [array_arg("transpose_sequence", f"xs[{i}]", x) for i, x in enumerate(xs)]
    names = [f"xs[{i}]" for i in range(len(arrays))]
    expect_same_dtype("transpose_sequence", names, arrays)
    unit = tuple(arrays[0].shape[1:])
    previous = None
    for name, a in zip(names, arrays, strict=True):
        if a.ndim == 0 or tuple(a.shape[1:]) != unit:
            fail("transpose_sequence", name, f"shape (length, *{unit}) like xs[0]", a)
        if previous is not None and a.shape[0] > previous:
            fail("transpose_sequence", name, f"a length <= {previous} (xs sorted by "
                 "decreasing length)", a)
        previous = a.shape[0]
    return TransposeSequence().apply(xs)
