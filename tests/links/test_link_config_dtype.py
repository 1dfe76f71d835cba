"""Parameters and persistents take ``flexgrad.config.dtype`` when no dtype is given, as in
Chainer; an explicit dtype (the link's argument or the initializer's own) still wins."""

import numpy as np
import pytest

import flexgrad
import flexgrad.initializers as I
import flexgrad.links as L

LINKS = {
    "Linear": lambda: L.Linear(3, 2),
    "Convolution1D": lambda: L.Convolution1D(2, 3, 2),
    "Convolution2D": lambda: L.Convolution2D(2, 3, 2),
    "Convolution3D": lambda: L.Convolution3D(2, 3, 2),
    "ConvolutionND": lambda: L.ConvolutionND(2, 2, 3, 2),
    "Deconvolution1D": lambda: L.Deconvolution1D(2, 3, 2),
    "Deconvolution2D": lambda: L.Deconvolution2D(2, 3, 2),
    "Deconvolution3D": lambda: L.Deconvolution3D(2, 3, 2),
    "DeconvolutionND": lambda: L.DeconvolutionND(2, 2, 3, 2),
    "DepthwiseConvolution2D": lambda: L.DepthwiseConvolution2D(2, 2, 2),
    "DilatedConvolution2D": lambda: L.DilatedConvolution2D(2, 3, 2, dilate=2),
    "Bilinear": lambda: L.Bilinear(2, 3, 4),
    "Bias": lambda: L.Bias(shape=(2,)),
    "Scale": lambda: L.Scale(W_shape=(2,), bias_term=True),
    "EmbedID": lambda: L.EmbedID(4, 3),
    "Highway": lambda: L.Highway(3),
    "Maxout": lambda: L.Maxout(3, 2, 4),
    "PReLU": lambda: L.PReLU(),
    "LSTM": lambda: L.LSTM(2, 3),
    "StatelessLSTM": lambda: L.StatelessLSTM(2, 3),
    "GRU": lambda: L.StatefulGRU(2, 3),
    "NStepLSTM": lambda: L.NStepLSTM(1, 2, 3, 0.0),
    "BatchNormalization": lambda: L.BatchNormalization(3),
    "BatchRenormalization": lambda: L.BatchRenormalization(3),
    "LayerNormalization": lambda: L.LayerNormalization(3),
    "GroupNormalization": lambda: L.GroupNormalization(1, 3),
}


def arrays_of(link):
    """Every parameter's and every array persistent's array, by path."""
    found = {path: param.array for path, param in link.namedparams()}
    for path, sub in link.namedlinks():
        for name in sub._persistent:
            value = getattr(sub, name)
            if flexgrad.backends.is_array(value):
                found[f"{path.rstrip('/')}/{name}"] = value
    return found


@pytest.mark.parametrize("make", LINKS.values(), ids=LINKS.keys())
def test_link_arrays_follow_config_dtype(make):
    with flexgrad.using_config("dtype", np.float64):
        link = make()
    found = arrays_of(link)
    assert found, "the link made no arrays"
    assert {path: a.dtype for path, a in found.items()} == \
        {path: np.dtype(np.float64) for path in found}


def test_lazy_parameters_take_config_dtype_when_they_are_made():
    with flexgrad.using_config("dtype", np.float64):
        link = L.Linear(None, 2)
        link(np.ones((1, 3)))
    assert link.W.dtype == np.float64 and link.b.dtype == np.float64


def test_lstm_biases_are_exact_in_float64():
    with flexgrad.using_config("dtype", np.float64):
        lstm = L.LSTM(2, 3, forget_bias_init=0.1, bias_init=0.3)
    np.testing.assert_array_equal(lstm.upward.b.array.reshape(3, 4), [[0.3, 0.3, 0.1, 0.3]] * 3)


def test_default_is_float32():
    assert {a.dtype for a in arrays_of(L.BatchNormalization(3)).values()} == \
        {np.dtype(np.float32)}
    assert L.Linear(3, 2).W.dtype == np.float32


def test_an_explicit_dtype_wins_over_config():
    with flexgrad.using_config("dtype", np.float64):
        bn = L.BatchNormalization(3, dtype=np.float32)
        linear = L.Linear(3, 2, initialW=I.Normal(dtype=np.float32))
    assert {a.dtype for a in arrays_of(bn).values()} == {np.dtype(np.float32)}
    assert linear.W.dtype == np.float32 and linear.b.dtype == np.float64


def test_initial_statistics_are_copied_in_the_links_dtype():
    start = np.full(3, 2.0)
    bn = L.BatchNormalization(3, initial_avg_mean=start, initial_avg_var=start)
    assert bn.avg_mean.dtype == np.float32 and bn.avg_var.dtype == np.float32
    bn(np.ones((2, 3), np.float32))
    np.testing.assert_array_equal(start, [2.0, 2.0, 2.0])
