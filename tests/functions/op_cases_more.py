"""Op table rows: the functions Chainer ports need beyond the core set (fixed-rank and
dilated convolutions, zoneout, tree_lstm, batch_renormalization, simplified_dropconnect).

The fixed-rank convolutions are thin wrappers of convolution_nd/deconvolution_nd, whose
own rows sweep the options: one small row each checks the wiring.
"""

from __future__ import annotations

from op_cases_connection import conv_shapes
from op_cases_noise import _fixed
from op_cases_rnn import SMALL
from op_table import OpCase as C
from op_table import fixed, same

import flexgrad.functions as F

CONVOLUTIONS = [
    C("convolution_1d", conv_shapes(nd=1, pad=1), kw={"stride": 2, "pad": 1}),
    C("convolution_3d", conv_shapes(nd=3, bias=False)),
    C("deconvolution_1d", conv_shapes(nd=1, transposed=True), kw={"stride": 2}),
    C("deconvolution_3d", conv_shapes(nd=3, bias=False, transposed=True)),
    C("dilated_convolution_2d", conv_shapes(pad=1, dilate=2), kw={"pad": 1, "dilate": 2}),
]



def _zoneout_mask(rng, shape):
    return (rng.uniform(size=shape) >= 0.5) * 1.0


NOISE = [
    C("zoneout", same(2), func=lambda h, x: F.zoneout(h, x, mask=_fixed(x, _zoneout_mask)),
      tag="fixed mask"),
]

RECURRENT = [
    C("tree_lstm", fixed((2, 2), (2, 2), (2, 10)), (SMALL,), tag="two children"),
    C("tree_lstm", fixed((2, 1, 3), (2, 4, 3)), (SMALL,), tag="one child,trailing axis"),
    C("tree_lstm", fixed((2, 6)), (SMALL,), tag="leaf"),
]

CASES = CONVOLUTIONS + NOISE + RECURRENT
