"""Op table rows: the functions Chainer ports need beyond the core set (fixed-rank and
dilated convolutions, zoneout, tree_lstm, batch_renormalization, simplified_dropconnect).

The fixed-rank convolutions are thin wrappers of convolution_nd/deconvolution_nd, whose
own rows sweep the options: one small row each checks the wiring.
"""

from __future__ import annotations

import numpy as np
import op_refs as R
from op_cases_connection import conv_shapes
from op_cases_normalization import APART, _with_params
from op_cases_rnn import SMALL
from op_table import ANY, fixed, same
from op_table import OpCase as C

import flexgrad.functions as F
from flexgrad import Variable

CONVOLUTIONS = [
    C("convolution_1d", conv_shapes(nd=1, pad=1), kw={"stride": 2, "pad": 1},
      ref=lambda x, W, b: R.convolution(x, W, b, stride=2, pad=1)),
    C("convolution_3d", conv_shapes(nd=3, bias=False), ref=R.convolution),
    C("deconvolution_1d", conv_shapes(nd=1, transposed=True), kw={"stride": 2},
      ref=lambda x, W, b: R.deconvolution(x, W, b, stride=2)),
    C("deconvolution_3d", conv_shapes(nd=3, bias=False, transposed=True), ref=R.deconvolution),
    C("dilated_convolution_2d", conv_shapes(pad=1, dilate=2), kw={"pad": 1, "dilate": 2},
      ref=lambda x, W, b: R.convolution(x, W, b, pad=1, dilate=2)),
]


def _host_mask(shape):
    """The fixed mask of ``shape`` as a NumPy array of 1.0 (kept) and 0.0 (not)."""
    return (np.random.default_rng(0).uniform(size=shape) >= 0.5).astype(float)


def _mask(like, shape):
    """A fixed mask of ``shape`` (1 kept, 0 not, half each) in ``like``'s backend and dtype:
    every call and every backend sees the same one."""
    return like.device.backend.xp.astype(like.device.send(_host_mask(shape) == 1.0), like.dtype)


def _dropconnect(x, W, b, mask, ratio):
    """``y[n, m] = sum_k x[n, k] W[m, k] mask[(n,) m, k] / (1 - ratio) + b[m]``, x flattened."""
    x = x.reshape(len(x), -1)
    mask = np.broadcast_to(mask, (len(x), *W.shape))
    y = np.einsum("nk,mk,nmk->nm", x, W, mask) / (1 - ratio)
    return y if b is None else y + b


NOISE = [
    C("zoneout", same(2), func=lambda h, x: F.zoneout(h, x, mask=_mask(x, tuple(x.shape))),
      tag="fixed mask",
      ref=lambda h, x: np.where(_host_mask(x.shape) == 1.0, x, h)),
    C("simplified_dropconnect", fixed((2, 3), (4, 3), (4,)),
      func=lambda x, W, b: F.simplified_dropconnect(x, W, b, mask=_mask(x, (2, 4, 3))),
      tag="fixed batchwise mask",
      ref=lambda x, W, b: _dropconnect(x, W, b, _host_mask((2, 4, 3)), 0.5)),
    C("simplified_dropconnect", fixed((2, 2, 3), (3, 6)),
      func=lambda x, W: F.simplified_dropconnect(x, W, ratio=0.25, mask=_mask(x, (3, 6))),
      tag="fixed shared mask,3-d x",
      ref=lambda x, W: _dropconnect(x, W, None, _host_mask((3, 6)), 0.25)),
]

RECURRENT = [
    C("tree_lstm", fixed((2, 2), (2, 2), (2, 10)), (SMALL,), tag="two children",
      ref=R.tree_lstm),
    C("tree_lstm", fixed((2, 1, 3), (2, 4, 3)), (SMALL,), tag="one child,trailing axis",
      ref=R.tree_lstm),
    C("tree_lstm", fixed((2, 6)), (SMALL,), tag="leaf", ref=R.tree_lstm),
]


def _renormalized(update: bool):
    """batch_renormalization with running statistics far from the batch's, so that ``r``
    and ``d`` sit at their clips (0.5 each): constants to the gradient by definition, and
    now to central differences too. Fresh statistics per call: an update changes them.
    They are held in Variables, as links pass them: JAX arrays cannot be written in place."""

    def func(x, g, b):
        mean = Variable(x.xp.full_like(g.array, -100.0), requires_grad=False)
        var = Variable(x.xp.full_like(g.array, 1e4), requires_grad=False)
        return F.batch_renormalization(x, g, b, 2.0, 0.5, running_mean=mean, running_var=var,
                                       update_statistics=update)

    return func


def _renormalized_ref(x, g, b):
    return R.batch_renormalization(x, g, b, 2.0, 0.5, np.full(g.shape, -100.0),
                                   np.full(g.shape, 1e4))


NORMALIZATION = [
    C("batch_renormalization", _with_params(rest=1), (APART, ANY, ANY), func=_renormalized(False),
      tag="r and d clipped", ref=_renormalized_ref),
    C("batch_renormalization", _with_params(), (APART, ANY, ANY), func=_renormalized(True),
      tag="r and d clipped,update_statistics", ref=_renormalized_ref),
]

CASES = CONVOLUTIONS + NOISE + RECURRENT + NORMALIZATION
