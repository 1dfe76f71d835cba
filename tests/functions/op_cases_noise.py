"""Op table rows: dropout, gaussian and gumbel_softmax, each with its noise fixed.

The noise is drawn from a fixed-seed NumPy generator and sent to the inputs' backend, so
every call (the numerical gradient calls included) and every backend sees the same numbers.
"""

from __future__ import annotations

import numpy as np
from op_table import ANY, Arg, same
from op_table import OpCase as C
from scipy.special import softmax

import flexgrad.functions as F


def _host(x, draw):
    """``draw(rng, shape)`` for ``x``'s shape, as a NumPy array (the references use it)."""
    return draw(np.random.default_rng(0), tuple(x.shape))


def _fixed(x, draw):
    """``draw(rng, shape)`` for ``x``'s shape, on ``x``'s backend, in ``x``'s dtype."""
    return x.device.backend.xp.astype(x.device.send(_host(x, draw)), x.dtype)


def _mask(rng, shape):
    return (rng.uniform(size=shape) >= 0.5) * 2.0


def _gumbel(rng, shape):
    return -np.log(-np.log(rng.uniform(size=shape)))


CASES = [
    C("dropout", same(), func=lambda x: F.dropout(x, mask=_fixed(x, _mask)), tag="fixed mask",
      ref=lambda x: x * _host(x, _mask)),
    C("gaussian", same(2), (ANY, Arg(-1.0, 1.0)),
      func=lambda m, v: F.gaussian(m, v, eps=_fixed(v, lambda r, s: r.standard_normal(s))),
      tag="fixed eps",
      ref=lambda m, v: m + np.sqrt(np.exp(v)) * _host(v, lambda r, s: r.standard_normal(s))),
    C("gumbel_softmax", same(min_dims=2),
      func=lambda p: F.gumbel_softmax(p, noise=_fixed(p, _gumbel)), tag="fixed noise",
      ref=lambda p: softmax((p + _host(p, _gumbel)) / 0.1, axis=1)),
    C("gumbel_softmax", same(min_dims=1),
      func=lambda p: F.gumbel_softmax(p, 1.0, 0, noise=_fixed(p, _gumbel)),
      tag="fixed noise,tau=1,axis=0", ref=lambda p: softmax(p + _host(p, _gumbel), axis=0)),
]
