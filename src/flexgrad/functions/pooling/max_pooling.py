"""Max pooling, N-d, 1-d, 2-d and 3-d: each window's largest element."""

from __future__ import annotations

from typing import Any

from ...function_node import FunctionNode
from ...variable import Variable
from ..array._windows import Window
from ._common import pooling_args, spread_at


class MaxPooling(FunctionNode):
    """The maximum of each window (padding counts as -inf); keeps only where each maximum
    was (the first, on ties), and its gradient puts the output's gradient there."""

    __slots__ = ("win", "outsize", "indexes", "_size")

    def __init__(self, win: Window, outsize: tuple[int, ...]) -> None:
        self.win = win
        self.outsize = outsize

    def forward(self, inputs):
        (x,) = inputs
        self._size = tuple(x.shape[2:])
        ksize, stride, pad, _ = self.win
        y, self.indexes = self.backend.window_max(x, ksize, stride, pad, self.outsize)
        return (y,)

    def backward(self, indexes, grad_outputs):
        return (spread_at(grad_outputs[0], self.indexes, self.win, self._size),)


def max_pooling_nd(x: Variable | Any, ksize: Any, stride: Any = None, pad: Any = 0,
                   cover_all: bool = True, return_indices: bool = False) -> Any:
    """N-dimensional max pooling: the largest element of each window.

    Args:
        x: inputs (n, c, d_1, ..., d_N).
        ksize, stride, pad: an int or N ints each; ``stride`` None means ``ksize``
            (windows side by side); padding never wins a maximum.
        cover_all: add windows (over padding) until every input element is covered.
        return_indices: also return, per output element, the flat offset in its window of
            the maximum (an integer array, for ``upsampling_2d``).

    Returns:
        (n, c, l_1, ..., l_N), or that and the indices.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.max_pooling_nd(np.array([[[1.0, 3.0, 2.0, 0.0, 5.0]]]), 2).array
    array([[[3., 2., 5.]]])
    """
    return _max_pool("max_pooling_nd", None, x, ksize, stride, pad, cover_all, return_indices)


def max_pooling_2d(x: Variable | Any, ksize: Any, stride: Any = None, pad: Any = 0,
                   cover_all: bool = True, return_indices: bool = False) -> Any:
    """Two-dimensional max pooling: ``max_pooling_nd`` on (n, c, h, w) inputs.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.max_pooling_2d(np.arange(16.0).reshape(1, 1, 4, 4), 2).array
    array([[[[ 5.,  7.],
             [13., 15.]]]])
    """
    return _max_pool("max_pooling_2d", 2, x, ksize, stride, pad, cover_all, return_indices)


def max_pooling_1d(x: Variable | Any, ksize: Any, stride: Any = None, pad: Any = 0,
                   cover_all: bool = True, return_indices: bool = False) -> Any:
    """One-dimensional max pooling: ``max_pooling_nd`` on (n, c, w) inputs.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.max_pooling_1d(np.array([[[1.0, 3.0, 2.0, 0.0]]]), 2).array
    array([[[3., 2.]]])
    """
    return _max_pool("max_pooling_1d", 1, x, ksize, stride, pad, cover_all, return_indices)


def max_pooling_3d(x: Variable | Any, ksize: Any, stride: Any = None, pad: Any = 0,
                   cover_all: bool = True, return_indices: bool = False) -> Any:
    """Three-dimensional max pooling: ``max_pooling_nd`` on (n, c, d, h, w) inputs.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.max_pooling_3d(np.arange(8.0).reshape(1, 1, 2, 2, 2), 2).array
    array([[[[[7.]]]]])
    """
    return _max_pool("max_pooling_3d", 3, x, ksize, stride, pad, cover_all, return_indices)


def _max_pool(fn: str, nd: int | None, x: Any, ksize: Any, stride: Any, pad: Any,
              cover_all: bool, return_indices: bool) -> Any:
    data, win = pooling_args(fn, x, nd, ksize, stride, pad)
    node = MaxPooling(win, win.outsize(fn, "ksize", tuple(data.shape[2:]), cover_all))
    y = node.apply((x,))[0]
    return (y, node.indexes) if return_indices else y
