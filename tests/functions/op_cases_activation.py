"""Op table rows: the activations beyond relu, sigmoid and tanh (those are in op_cases_math)."""

from __future__ import annotations

from op_table import ANY, DISTINCT, Arg, kinked, same, sized
from op_table import OpCase as C

# logits far from 0 and far apart: softmax and log_softmax must shift by the maximum
LARGE = Arg(1e4 - 3.0, 1e4 + 3.0)


def with_channels(k: int):
    """``x``'s shape and a per-channel parameter's, ``x.shape[1:1 + k]`` (prelu, swish)."""
    return same(min_dims=k + 1, max_dims=max(3, k + 1)).map(lambda s: (s[0], s[0][1:1 + k]))


PIECEWISE = [
    C("leaky_relu", same(), (kinked(0.0),)),
    C("leaky_relu", same(), (kinked(0.0),), kw={"slope": -0.5}),
    C("clipped_relu", same(), (kinked(0.0, 1.0),), kw={"z": 1.0}),
    C("relu6", same(), (kinked(0.0, 6.0, low=-2.0, high=8.0),)),
    C("hard_sigmoid", same(), (kinked(-2.5, 2.5, low=-4.0, high=4.0),)),
]

SMOOTH = [
    C("elu", same(), (kinked(0.0),)),
    C("elu", same(), (kinked(0.0, low=-30.0, high=30.0),), kw={"alpha": 0.5}),
    C("selu", same(), (kinked(0.0),)),
    C("gelu", same(), (Arg(-4.0, 4.0),)),
    C("softplus", same()),
    C("softplus", same(), (Arg(-50.0, 50.0),), kw={"beta": 2.0}),
    # min_dims=1: on 0-d NumPy inputs the engine's gradient accumulation (x is used twice)
    # returns a numpy.float32 scalar, not an array (reported; _backprop._accumulate)
    C("silu", same(min_dims=1)),
    C("swish", with_channels(1), (ANY, ANY), tag="beta per channel"),
    C("swish", with_channels(2), (ANY, ANY), tag="beta 2-d"),
    C("prelu", with_channels(1), (kinked(0.0), ANY), tag="W per channel"),
    C("prelu", with_channels(0), (kinked(0.0), ANY), tag="scalar W"),
]

NORMALIZING = [
    C("softmax", same(min_dims=2)),
    C("softmax", same(min_dims=2), (LARGE,), tag="large logits"),
    C("log_softmax", same(min_dims=2)),
    C("log_softmax", same(min_dims=1), kw={"axis": 0}),
    C("log_softmax", same(min_dims=2), (LARGE,), tag="large logits"),
    C("maxout", sized(1, (2, 4), min_dims=2), (DISTINCT,), kw={"pool_size": 2}),
    C("maxout", sized(-1, (3,)), (DISTINCT,), kw={"pool_size": 3, "axis": -1}),
]

CASES = PIECEWISE + SMOOTH + NORMALIZING
