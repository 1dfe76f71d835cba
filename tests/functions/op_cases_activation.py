"""Op table rows: the activations beyond relu, sigmoid and tanh (those are in op_cases_math)."""

from __future__ import annotations

import math

import numpy as np
from op_table import ANY, DISTINCT, Arg, kinked, same, sized
from op_table import OpCase as C
from scipy import special

# logits far from 0 and far apart: softmax and log_softmax must shift by the maximum
LARGE = Arg(1e4 - 3.0, 1e4 + 3.0)


def with_channels(k: int):
    """``x``'s shape and a per-channel parameter's, ``x.shape[1:1 + k]`` (prelu, swish)."""
    return same(min_dims=k + 1, max_dims=max(3, k + 1)).map(lambda s: (s[0], s[0][1:1 + k]))


# the self-normalizing constants of Klambauer et al. (2017)
SELU_ALPHA, SELU_SCALE = 1.6732632423543772, 1.0507009873554805


def _ref_sigmoid(x):
    return 1 / (1 + np.exp(-x))


def _ref_leaky_relu(x, slope=0.2):
    return np.where(x >= 0, x, slope * x)


def _ref_elu(x, alpha=1.0):
    return np.where(x >= 0, x, alpha * np.expm1(np.minimum(x, 0)))


def _ref_gelu(x):
    """The tanh approximation of x * Phi(x) (Hendrycks and Gimpel)."""
    return 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x**3)))


def _ref_channels(x, p):
    """A per-channel parameter ``p`` of shape ``x.shape[1:1 + p.ndim]``, broadcastable to x."""
    return p.reshape((1,) + p.shape + (1,) * (x.ndim - 1 - p.ndim))


def _ref_swish(x, beta):
    return x * _ref_sigmoid(_ref_channels(x, beta) * x)


def _ref_prelu(x, w):
    return np.where(x >= 0, x, _ref_channels(x, w) * x)


def _ref_maxout(x, pool_size, axis=1):
    """The maximum of each run of ``pool_size`` entries along ``axis``, one run at a time."""
    runs = [np.take(x, range(i, i + pool_size), axis).max(axis=axis, keepdims=True)
            for i in range(0, x.shape[axis], pool_size)]
    return np.concatenate(runs, axis=axis)


PIECEWISE = [
    C("leaky_relu", same(), (kinked(0.0),), ref=_ref_leaky_relu),
    C("leaky_relu", same(), (kinked(0.0),), kw={"slope": -0.5},
      ref=lambda x: _ref_leaky_relu(x, -0.5)),
    C("clipped_relu", same(), (kinked(0.0, 1.0),), kw={"z": 1.0},
      ref=lambda x: np.minimum(np.maximum(x, 0.0), 1.0)),
    C("relu6", same(), (kinked(0.0, 6.0, low=-2.0, high=8.0),),
      ref=lambda x: np.minimum(np.maximum(x, 0.0), 6.0)),
    C("hard_sigmoid", same(), (kinked(-2.5, 2.5, low=-4.0, high=4.0),),
      ref=lambda x: np.clip(0.2 * x + 0.5, 0.0, 1.0)),
]

SMOOTH = [
    C("elu", same(), (kinked(0.0),), ref=_ref_elu),
    C("elu", same(), (kinked(0.0, low=-30.0, high=30.0),), kw={"alpha": 0.5},
      ref=lambda x: _ref_elu(x, 0.5)),
    C("selu", same(), (kinked(0.0),), ref=lambda x: SELU_SCALE * _ref_elu(x, SELU_ALPHA)),
    C("gelu", same(), (Arg(-4.0, 4.0),), ref=_ref_gelu),
    C("softplus", same(), ref=lambda x: np.logaddexp(0.0, x)),
    C("softplus", same(), (Arg(-50.0, 50.0),), kw={"beta": 2.0},
      ref=lambda x: np.logaddexp(0.0, 2.0 * x) / 2.0),
    # min_dims=1: on 0-d NumPy inputs the engine's gradient accumulation (x is used twice)
    # returns a numpy.float32 scalar, not an array (reported; _backprop._accumulate)
    C("silu", same(min_dims=1), ref=lambda x: x * _ref_sigmoid(x)),
    C("swish", with_channels(1), (ANY, ANY), tag="beta per channel", ref=_ref_swish),
    C("swish", with_channels(2), (ANY, ANY), tag="beta 2-d", ref=_ref_swish),
    C("prelu", with_channels(1), (kinked(0.0), ANY), tag="W per channel", ref=_ref_prelu),
    C("prelu", with_channels(0), (kinked(0.0), ANY), tag="scalar W", ref=_ref_prelu),
]

NORMALIZING = [
    C("softmax", same(min_dims=2), ref=lambda x: special.softmax(x, axis=1)),
    C("softmax", same(min_dims=2), (LARGE,), tag="large logits",
      ref=lambda x: special.softmax(x, axis=1)),
    C("log_softmax", same(min_dims=2), ref=lambda x: special.log_softmax(x, axis=1)),
    C("log_softmax", same(min_dims=1), kw={"axis": 0},
      ref=lambda x: special.log_softmax(x, axis=0)),
    C("log_softmax", same(min_dims=2), (LARGE,), tag="large logits",
      ref=lambda x: special.log_softmax(x, axis=1)),
    C("maxout", sized(1, (2, 4), min_dims=2), (DISTINCT,), kw={"pool_size": 2},
      ref=lambda x: _ref_maxout(x, 2)),
    C("maxout", sized(-1, (3,)), (DISTINCT,), kw={"pool_size": 3, "axis": -1},
      ref=lambda x: _ref_maxout(x, 3, axis=-1)),
]

CASES = PIECEWISE + SMOOTH + NORMALIZING
