"""Op table rows: batch, fixed batch, layer and group normalization, L2 and local
response normalization.

Standardized inputs are drawn apart on a grid (no two within 0.25), so no group's
variance is near 0, where central differences of ``(x - mean) / std`` would be poor.
"""

from __future__ import annotations

import op_refs as R
from hypothesis import strategies as st
from op_table import ANY, NONZERO, POSITIVE, Arg
from op_table import OpCase as C

import flexgrad.functions as F
from flexgrad import Variable

APART = Arg(-3.0, 3.0, grid=0.25, unique=True)  # at most 25 elements per input


@st.composite
def _with_params(draw: st.DrawFn, rest: int = 0, param_axes: tuple[int, ...] = (1,),
                 n_params: int = 2, channels: tuple[int, ...] = (1, 2, 3)) -> tuple:
    """x (B, C, *rest) with up to 24 elements, and ``n_params`` arrays shaped as x's
    ``param_axes``."""
    shape = (draw(st.integers(1, 3)), draw(st.sampled_from(channels)),
             *(draw(st.integers(1, 2)) for _ in range(rest)))
    param = tuple(shape[a] for a in param_axes)
    return (shape, *(param,) * n_params)


def _running(x, g, b):
    """Training with running statistics, held in Variables as links pass them (JAX arrays
    cannot be written in place)."""
    xp = x.xp
    mean = Variable(xp.zeros_like(g.array), requires_grad=False)
    var = Variable(xp.ones_like(g.array), requires_grad=False)
    return F.batch_normalization(x, g, b, running_mean=mean, running_var=var)


CASES = [
    C("batch_normalization", _with_params(), (APART, ANY, ANY), ref=R.batch_normalization),
    C("batch_normalization", _with_params(rest=1), (APART, ANY, ANY), tag="(B, C, H)",
      ref=R.batch_normalization),
    C("batch_normalization", _with_params(rest=1, param_axes=(1, 2)), (APART, ANY, ANY),
      kw={"axis": 0}, ref=lambda x, g, b: R.batch_normalization(x, g, b, axis=0)),
    C("batch_normalization", _with_params(rest=1), (APART, ANY, ANY), func=_running,
      tag="running statistics", ref=R.batch_normalization),
    C("fixed_batch_normalization", _with_params(rest=1, n_params=4),
      (ANY, ANY, ANY, ANY, POSITIVE), ref=R.fixed_batch_normalization),
    C("layer_normalization", _with_params(), (APART, ANY, ANY), ref=R.layer_normalization),
    C("group_normalization", _with_params(rest=1, channels=(2, 4)), (APART, ANY, ANY),
      func=lambda x, g, b: F.group_normalization(x, 2, g, b), tag="groups=2",
      ref=lambda x, g, b: R.group_normalization(x, 2, g, b)),
    C("normalize", _with_params(rest=1, n_params=0), (NONZERO,), ref=R.normalize),
    C("normalize", _with_params(rest=1, n_params=0), (NONZERO,), kw={"axis": (0, 2)},
      ref=lambda x: R.normalize(x, axis=(0, 2))),
    C("local_response_normalization", _with_params(rest=1, n_params=0, channels=(1, 3, 4)),
      ref=R.local_response_normalization),
    C("local_response_normalization", _with_params(rest=1, n_params=0, channels=(2, 4)),
      kw={"n": 3, "k": 1, "alpha": 0.5, "beta": 0.75},
      ref=lambda x: R.local_response_normalization(x, 3, 1, 0.5, 0.75)),
]
