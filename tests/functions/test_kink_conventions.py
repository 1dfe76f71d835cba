"""Gradients at ties and kinks: each row pins one of Chainer 7.8.1's conventions, which
README.md documents in its section "Gradients at ties and kinks".

A row is a function, its inputs (exactly on a tie or a kink) and the expected gradient of
each input for an output gradient of ones. Every row runs twice: with plain ``backward``
(the raw-array path) and with ``enable_double_backprop=True`` (the recorded path); both
must give exactly the expected gradients. Inputs elsewhere are drawn tie-free by the op
table, so these rows are the only place the conventions are checked.
"""

import math

import numpy as np
import pytest

import flexgrad
import flexgrad.functions as F
from flexgrad import Variable
from flexgrad.functions.activation.elu import SELU_ALPHA, SELU_SCALE

E = math.exp(-1.0)


def row(name, fn, inputs, expected):
    """One readable case: ``fn(*inputs)`` and the gradient of each input."""
    return pytest.param(fn, inputs, expected, id=name)


def image(*rows_):
    """A (1, 1, H, W) array from its rows, for the pooling cases."""
    return np.array(rows_, dtype=np.float64)[None, None]


REDUCTIONS = [
    row("max: every tied maximum gets the whole gradient", F.max,
        [[1.0, 3.0, 3.0, 2.0]], [[0.0, 1.0, 1.0, 0.0]]),
    row("max over an axis: ties per row", lambda x: F.max(x, axis=1),
        [[[2.0, 2.0], [1.0, 5.0]]], [[[1.0, 1.0], [0.0, 1.0]]]),
    row("min: every tied minimum gets the whole gradient", F.min,
        [[0.0, -1.0, -1.0]], [[0.0, 1.0, 1.0]]),
    row("min over an axis, keepdims", lambda x: F.min(x, axis=0, keepdims=True),
        [[[4.0, 1.0], [4.0, 2.0]]], [[[1.0, 1.0], [1.0, 0.0]]]),
    row("maxout: a tie inside a pool feeds both units", lambda x: F.maxout(x, 2),
        [[[1.0, 1.0, 0.0, 2.0]]], [[[1.0, 1.0, 0.0, 1.0]]]),
]

ELEMENTWISE_PAIRS = [
    row("maximum: x1 == x2 sends the gradient to x1", F.maximum,
        [[1.0, 2.0, 3.0], [3.0, 2.0, 1.0]], [[0.0, 1.0, 1.0], [1.0, 0.0, 0.0]]),
    row("minimum: x1 == x2 sends the gradient to x1", F.minimum,
        [[1.0, 2.0, 3.0], [3.0, 2.0, 1.0]], [[1.0, 1.0, 0.0], [0.0, 0.0, 1.0]]),
    row("maximum(x, 0.0) at 0 is 1 (unlike relu)", lambda x: F.maximum(x, 0.0),
        [[-1.0, 0.0, 1.0]], [[0.0, 1.0, 1.0]]),
]

POOLING = [
    row("max_pooling_2d: the first maximum of a window (row-major)",
        lambda x: F.max_pooling_2d(x, 2), [image([1.0, 2.0], [2.0, 1.0])],
        [image([0.0, 1.0], [0.0, 0.0])]),
    row("max_pooling_2d: a flat window gives all to its first element",
        lambda x: F.max_pooling_2d(x, 2), [image([7.0, 7.0], [7.0, 7.0])],
        [image([1.0, 0.0], [0.0, 0.0])]),
    row("max_pooling_2d: overlapping windows each pick their own first maximum",
        lambda x: F.max_pooling_2d(x, (1, 2), stride=1), [image([5.0, 5.0, 5.0])],
        [image([1.0, 1.0, 0.0])]),
    row("max_pooling_nd: padding never wins, even over -1",
        lambda x: F.max_pooling_nd(x, 2, pad=1, cover_all=False),
        [np.array([[[-1.0, -1.0]]])], [np.array([[[1.0, 1.0]]])]),
]

ACTIVATIONS = [
    row("relu: 0 at 0", F.relu, [[-1.0, 0.0, 2.0]], [[0.0, 0.0, 1.0]]),
    row("leaky_relu: the slope at 0", lambda x: F.leaky_relu(x, 0.2),
        [[-1.0, 0.0, 2.0]], [[0.2, 0.2, 1.0]]),
    row("leaky_relu, a negative slope: the slope at 0", lambda x: F.leaky_relu(x, -0.5),
        [[-1.0, 0.0, 2.0]], [[-0.5, -0.5, 1.0]]),
    row("prelu: 1 at 0, and W gets x * gy below 0 only", F.prelu,
        [[[-1.0, 0.0, 2.0]], [0.25, 0.5, 0.75]], [[[0.25, 1.0, 1.0]], [-1.0, 0.0, 0.0]]),
    row("elu: alpha at 0 (the left slope)", lambda x: F.elu(x, 2.0),
        [[-1.0, 0.0, 2.0]], [[2.0 * E, 2.0, 1.0]]),
    row("elu, a negative alpha: alpha at 0", lambda x: F.elu(x, -0.5),
        [[-1.0, 0.0, 2.0]], [[-0.5 * E, -0.5, 1.0]]),
    row("selu: scale * alpha at 0", F.selu, [[0.0]], [[SELU_SCALE * SELU_ALPHA]]),
    row("clipped_relu: 0 at both kinks", lambda x: F.clipped_relu(x, 2.0),
        [[-1.0, 0.0, 1.0, 2.0, 3.0]], [[0.0, 0.0, 1.0, 0.0, 0.0]]),
    row("relu6: 0 at 0 and at 6, as clipped_relu", F.relu6,
        [[0.0, 3.0, 6.0, 7.0]], [[0.0, 1.0, 0.0, 0.0]]),
    row("hard_sigmoid: 0 at +-2.5", F.hard_sigmoid,
        [[-3.0, -2.5, 0.0, 2.5, 3.0]], [[0.0, 0.0, 0.2, 0.0, 0.0]]),
]

MATH = [
    row("absolute: sign(0) = 0", F.absolute, [[-2.0, 0.0, 3.0]], [[-1.0, 0.0, 1.0]]),
    row("clip: 1 at both bounds", lambda x: F.clip(x, -1.0, 1.0),
        [[-2.0, -1.0, 0.0, 1.0, 2.0]], [[0.0, 1.0, 1.0, 1.0, 0.0]]),
    row("clip with no lower bound: 1 at x_max", lambda x: F.clip(x, None, 1.0),
        [[1.0, 2.0]], [[1.0, 0.0]]),
    row("clip with no upper bound: 1 at x_min", lambda x: F.clip(x, 0.0, None),
        [[-1.0, 0.0]], [[0.0, 1.0]]),
]


def gradients(fn, inputs, double):
    """The gradients of ``sum(fn(*inputs))`` (an output gradient of ones), one path."""
    xs = [Variable(np.asarray(a, dtype=np.float64)) for a in inputs]
    y = fn(*xs)
    y.grad = np.ones_like(y.array)
    y.backward(enable_double_backprop=double)
    return [x.grad for x in xs]


@pytest.mark.parametrize("double", [False, True], ids=["plain", "double-backprop"])
@pytest.mark.parametrize(("fn", "inputs", "expected"),
                         REDUCTIONS + ELEMENTWISE_PAIRS + POOLING + ACTIVATIONS + MATH)
def test_gradient_follows_chainer_at_ties_and_kinks(fn, inputs, expected, double):
    for got, want in zip(gradients(fn, inputs, double), expected, strict=True):
        np.testing.assert_allclose(got, np.asarray(want, dtype=np.float64), rtol=1e-15)


@pytest.mark.parametrize(("fn", "x", "index"), [
    pytest.param(F.argmax, [1.0, 3.0, 3.0], 1, id="argmax: the first maximum"),
    pytest.param(F.argmin, [2.0, 0.0, 0.0], 1, id="argmin: the first minimum"),
    pytest.param(lambda x: F.max_pooling_nd(x[None, None], 3, return_indices=True)[1][0, 0],
                 [1.0, 3.0, 3.0], [1], id="max_pooling return_indices: the first maximum"),
])
def test_indices_at_ties_are_the_first(fn, x, index):
    """Indices carry no gradient; on ties they name the first extreme, as the gradient of
    max pooling does."""
    np.testing.assert_array_equal(flexgrad.as_array(fn(np.asarray(x))), index)
