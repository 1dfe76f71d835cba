"""InceptionBN: the Inception block of GoogLeNet with batch normalization (Ioffe and
Szegedy, 2015)."""

from __future__ import annotations

from typing import Any

from ...functions.activation.relu import relu
from ...functions.array.concat import concat
from ...functions.pooling.average_pooling import average_pooling_2d
from ...functions.pooling.max_pooling import max_pooling_2d
from ...link import Chain
from ...variable import Variable
from ..normalization.batch_normalization import BatchNormalization
from .convolution import Convolution2D


class InceptionBN(Chain):
    """Like ``Inception``, with a batch normalization after every convolution (which
    therefore has no bias), two 3x3 convolutions in place of the 5x5 one, a choice of
    pooling, and a ``stride`` for downsampling.

    The branches, each conv followed by its batch normalization and a ReLU: ``conv1``
    (1x1, left out when ``out1`` is 0); ``proj3`` (1x1) then ``conv3`` (3x3); ``proj33``
    (1x1) then ``conv33a`` and ``conv33b`` (3x3 each); a 3x3 max or average pooling
    (padding 1), then ``poolp`` (1x1) unless ``proj_pool`` is None. Their outputs are
    stacked along the channels. The normalizations are named after their convolutions
    with an ``n`` added (``conv3n``), as in Chainer, so Chainer's files load.

    Args:
        in_channels: input channels, or None to take them from the first input.
        out1: channels of the 1x1 branch; 0 leaves the branch out.
        proj3, out3: channels of the 3x3 branch's projection and output.
        proj33, out33: channels of the double 3x3 branch's projection and outputs.
        pooltype: ``'max'`` or ``'avg'``.
        proj_pool: channels of the pooling branch's projection; None passes the pooled
            input through (its ``in_channels`` channels).
        stride: the stride of each branch's last convolution and of the pooling.
        conv_init: initializer of every convolution's ``W``.
        dtype: the dtype of the batch normalizations' parameters and statistics.

    >>> import numpy as np, flexgrad.links as L
    >>> block = L.InceptionBN(3, 2, 2, 3, 1, 2, 'avg', proj_pool=1, stride=2)
    >>> block(np.ones((2, 3, 5, 5), np.float32)).shape
    (2, 8, 3, 3)
    """

    def __init__(self, in_channels: int | None, out1: int, proj3: int, out3: int,
                 proj33: int, out33: int, pooltype: str, proj_pool: int | None = None,
                 stride: int = 1, conv_init: Any = None, dtype: Any = None) -> None:
        if pooltype not in ("max", "avg"):
            raise ValueError(f"InceptionBN: pooltype must be 'max' or 'avg', got {pooltype!r}")
        super().__init__()
        self.out1, self.proj_pool, self.pooltype, self.stride = out1, proj_pool, pooltype, stride

        def conv(n_in: int | None, n_out: int, ksize: int, step: int = 1) -> Convolution2D:
            return Convolution2D(n_in, n_out, ksize, stride=step, pad=ksize // 2,
                                 nobias=True, initialW=conv_init)

        def norm(size: int) -> BatchNormalization:
            return BatchNormalization(size, dtype=dtype)

        with self.init_scope():
            if out1 > 0:
                self.conv1, self.conv1n = conv(in_channels, out1, 1, stride), norm(out1)
            self.proj3, self.proj3n = conv(in_channels, proj3, 1), norm(proj3)
            self.conv3, self.conv3n = conv(proj3, out3, 3, stride), norm(out3)
            self.proj33, self.proj33n = conv(in_channels, proj33, 1), norm(proj33)
            self.conv33a, self.conv33an = conv(proj33, out33, 3), norm(out33)
            self.conv33b, self.conv33bn = conv(out33, out33, 3, stride), norm(out33)
            if proj_pool is not None:
                self.poolp, self.poolpn = conv(in_channels, proj_pool, 1), norm(proj_pool)

    def _through(self, h: Any, *names: str) -> Any:
        """``h`` through each named convolution, its normalization and a ReLU."""
        for name in names:
            h = relu(self[name + "n"](self[name](h)))
        return h

    def forward(self, x: Variable | Any) -> Variable:
        """The block on ``x`` (n, in_channels, h, w)."""
        outs = [self._through(x, "conv1")] if self.out1 > 0 else []
        outs.append(self._through(x, "proj3", "conv3"))
        outs.append(self._through(x, "proj33", "conv33a", "conv33b"))
        if self.pooltype == "max":
            pooled = max_pooling_2d(x, 3, stride=self.stride, pad=1, cover_all=False)
        else:
            pooled = average_pooling_2d(x, 3, stride=self.stride, pad=1)
        outs.append(pooled if self.proj_pool is None else self._through(pooled, "poolp"))
        return concat(outs, axis=1)
