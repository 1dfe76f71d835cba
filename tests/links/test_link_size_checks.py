"""Issue 15: a size a link cannot have is refused in its constructor, naming the link, the
argument, what was expected and what came (not deep in NumPy or the initializer)."""

from __future__ import annotations

import numpy as np
import pytest

import flexgrad.links as L
from flexgrad.errors import InvalidTypeError, InvalidValueError

REFUSED = [
    (lambda: L.Linear(3, -2), "Linear: argument 'out_size' expected an int >= 1, got -2"),
    (lambda: L.Linear(-3, 2), "Linear: argument 'in_size' expected an int >= 1, got -3"),
    (lambda: L.Linear(0, 2), "Linear: argument 'in_size'"),
    (lambda: L.Linear(-2), "Linear: argument 'out_size'"),
    (lambda: L.SimplifiedDropconnect(3, -1), "SimplifiedDropconnect: argument 'out_size'"),
    (lambda: L.Bilinear(2, -1, 3), "Bilinear: argument 'right_size'"),
    (lambda: L.Convolution2D(3, -4, 3), "Convolution2D: argument 'out_channels'"),
    (lambda: L.Convolution2D(3, 4, 0), "Convolution2D: argument 'ksize' expected an int >= 1"),
    (lambda: L.Convolution2D(-4, 3), "Convolution2D: argument 'out_channels'"),
    (lambda: L.ConvolutionND(2, 3, 4, (2, -1)), "ConvolutionND: argument 'ksize'"),
    (lambda: L.Convolution1D(-1, 4, 3), "Convolution1D: argument 'in_channels'"),
    (lambda: L.Deconvolution2D(2, -3, 3), "Deconvolution2D: argument 'out_channels'"),
    (lambda: L.DepthwiseConvolution2D(3, 0, 3), "DepthwiseConvolution2D: argument "
                                                "'channel_multiplier'"),
    (lambda: L.EmbedID(-1, 3), "EmbedID: argument 'in_size'"),
    (lambda: L.EmbedID(5, 0), "EmbedID: argument 'out_size'"),
    (lambda: L.Highway(-3), "Highway: argument 'in_out_size'"),
    (lambda: L.LSTM(3, -1), "LSTM: argument 'out_size'"),
    (lambda: L.StatelessLSTM(-3, 2), "StatelessLSTM: argument 'in_size'"),
    (lambda: L.StatefulGRU(2, 0), "StatefulGRU: argument 'out_size'"),
    (lambda: L.StatefulMGU(-2, 2), "StatefulMGU: argument 'in_size'"),
    (lambda: L.StatefulPeepholeLSTM(2, -5), "StatefulPeepholeLSTM: argument 'out_size'"),
    (lambda: L.ChildSumTreeLSTM(2, -1), "ChildSumTreeLSTM: argument 'out_size'"),
    (lambda: L.NStepLSTM(0, 3, 3, 0.1), "NStepLSTM: argument 'n_layers'"),
    (lambda: L.NStepGRU(1, -3, 3, 0.1), "NStepGRU: argument 'in_size'"),
]


@pytest.mark.parametrize(("build", "message"), REFUSED)
def test_an_impossible_size_is_refused_by_the_link(build, message):
    with pytest.raises(InvalidValueError, match=f"flexgrad.links.{message}"):
        build()


@pytest.mark.parametrize("build", [lambda: L.Linear(3.0, 2), lambda: L.EmbedID(3, "4"),
                                   lambda: L.Convolution2D(3, 4, (3, 3, 3))])
def test_a_size_that_is_not_an_int_is_refused(build):
    with pytest.raises(InvalidTypeError, match="flexgrad.links.*expected an int"):
        build()


def test_numpy_ints_and_lazy_sizes_still_work():
    assert L.Linear(np.int64(3), np.int32(2)).W.shape == (2, 3)
    assert L.Linear(None, 2)(np.ones((1, 4), np.float32)).shape == (1, 2)
    assert L.Convolution2D(4, 3)(np.ones((1, 2, 5, 5), np.float32)).shape == (1, 4, 3, 3)
