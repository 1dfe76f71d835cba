"""ConvolutionND and Convolution2D: learned convolutions."""

from __future__ import annotations

from typing import Any

from ...functions.connection.convolution import convolution_nd
from ...link import Link
from ...variable import Parameter, Variable
from .. import _params


class ConvolutionND(Link):
    """N-dimensional convolution (see :func:`flexgrad.functions.convolution_nd`).

    Args:
        ndim: the number of spatial axes.
        in_channels: input channels, or None to take them from the first input; with
            ``ksize`` None the first two arguments are ``out_channels, ksize``.
        out_channels: output channels.
        ksize: the kernel size, an int or an ``ndim``-tuple.
        stride, pad, dilate: ints or ``ndim``-tuples, as in the function.
        nobias: when True the link has no bias ``b``.
        initialW: initializer of ``W`` (out_channels, in_channels / groups, *ksize);
            LeCunNormal when None.
        initial_bias: initializer of ``b`` (out_channels,); zeros when None.
        cover_all: whether the last window may run past the (padded) input.
        groups: the number of channel groups.

    >>> import numpy as np, flexgrad.links as L
    >>> conv = L.ConvolutionND(1, 1, 1, 2, initialW=1.0)
    >>> conv(np.ones((1, 1, 3), dtype=np.float32)).array
    array([[[2., 2.]]], dtype=float32)
    """

    def __init__(self, ndim: int, in_channels: int | None, out_channels: int, ksize: Any = None,
                 stride: Any = 1, pad: Any = 0, nobias: bool = False, initialW: Any = None,
                 initial_bias: Any = None, cover_all: bool = False, dilate: Any = 1,
                 groups: int = 1) -> None:
        super().__init__()
        if ksize is None:  # Chainer's short form: (out_channels, ksize), in_channels lazy
            in_channels, out_channels, ksize = None, in_channels, out_channels
        self.ndim = ndim
        in_channels = _params.size(self, "in_channels", in_channels, lazy=True)
        out_channels = _params.size(self, "out_channels", out_channels)
        self.ksize = _params.sizes(self, "ksize", ksize, ndim)
        self.stride, self.pad, self.dilate = stride, pad, dilate
        self.cover_all, self.groups = cover_all, groups
        self.out_channels = out_channels
        with self.init_scope():
            self.W = Parameter(_params.weight(initialW))
            if in_channels is not None:
                self.W.initialize(self._w_shape(in_channels))
            self.b = None if nobias else Parameter(_params.bias(initial_bias), out_channels)

    def _w_shape(self, in_channels: int) -> tuple[int, ...]:
        return (self.out_channels, in_channels // self.groups, *self.ksize)

    def _lazy_shape(self, name: str) -> tuple[int | None, ...] | None:
        return (self.out_channels, None, *self.ksize) if name == "W" else None

    def forward(self, x: Variable | Any) -> Variable:
        """The convolution of ``x`` (n, in_channels, *spatial)."""
        if self.W.array is None:  # not is_initialized: a hook may put a Variable here
            _params.initialize_on(self, self.W, self._w_shape(x.shape[1]), x)
        return convolution_nd(x, self.W, self.b, self.stride, self.pad, self.cover_all,
                              self.dilate, self.groups)


class Convolution2D(ConvolutionND):
    """Two-dimensional convolution (see :func:`flexgrad.functions.convolution_2d`).

    As in Chainer, ``Convolution2D(out_channels, ksize)`` takes ``in_channels`` from the
    first input; the other arguments are those of :class:`ConvolutionND` with ``ndim=2``.

    >>> import numpy as np, flexgrad.links as L
    >>> conv = L.Convolution2D(1, 2, ksize=2, initialW=1.0)
    >>> conv(np.ones((1, 1, 2, 2), dtype=np.float32)).array
    array([[[[4.]],
    <BLANKLINE>
            [[4.]]]], dtype=float32)
    """

    def __init__(self, in_channels: int | None, out_channels: int, ksize: Any = None,
                 stride: Any = 1, pad: Any = 0, nobias: bool = False, initialW: Any = None,
                 initial_bias: Any = None, *, dilate: Any = 1, groups: int = 1) -> None:
        super().__init__(2, in_channels, out_channels, ksize, stride, pad, nobias, initialW,
                         initial_bias, dilate=dilate, groups=groups)
