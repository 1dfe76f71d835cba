"""Linear, Convolution2D/ConvolutionND and EmbedID against the functions they wrap."""

from __future__ import annotations

import numpy as np
import pytest

import flexgrad
import flexgrad.functions as F
import flexgrad.links as L
from conftest import numpy_of

ON_EVERY_BACKEND = pytest.mark.parametrize(
    "device", [flexgrad.get_device(s) for s in ("@numpy", "@dask", "@array_api_strict")],
    ids=str)


def test_linear_matches_the_function_and_names_its_params():
    layer = L.Linear(3, 4)
    x = np.random.default_rng(0).standard_normal((2, 3)).astype(np.float32)
    expected = F.linear(x, layer.W.array, layer.b.array).array
    np.testing.assert_allclose(layer(x).array, expected, rtol=1e-6)
    assert [name for name, _ in layer.namedparams()] == ["/W", "/b"]
    assert layer.W.shape == (4, 3) and layer.W.dtype == np.float32
    np.testing.assert_array_equal(layer.b.array, np.zeros(4, np.float32))


def test_linear_default_weight_is_lecun_normal():
    flexgrad.set_seed(0)
    W = L.Linear(400, 300).W.array
    assert abs(float(W.std()) - (1 / 400) ** 0.5) < 0.002
    assert L.Linear(3, 2, nobias=True).b is None


@ON_EVERY_BACKEND
def test_linear_lazy_init_takes_size_and_device_from_first_call(device):
    flexgrad.set_seed(1)
    layer = L.Linear(None, 3)
    assert [n for n, _ in layer.namedparams(include_uninit=False)] == ["/b"]
    x = device.send(np.ones((2, 2, 5), dtype=np.float32))
    y = layer(x)
    assert y.shape == (2, 3) and layer.W.shape == (3, 10)
    assert layer.device == device and layer.W.device == device and layer.b.device == device
    flexgrad.set_seed(1)
    eager = L.Linear(10, 3)
    np.testing.assert_allclose(numpy_of(layer.W), eager.W.array)
    expected = eager(np.ones((2, 10), np.float32)).array
    np.testing.assert_allclose(numpy_of(y), expected, rtol=1e-6)


def test_linear_out_size_alone_means_lazy():
    layer = L.Linear(3)
    assert layer.out_size == 3 and layer.in_size is None and not layer.W.is_initialized


def test_convolution_2d_matches_the_function():
    conv = L.Convolution2D(2, 3, ksize=3, stride=2, pad=1)
    x = np.random.default_rng(0).standard_normal((1, 2, 5, 5)).astype(np.float32)
    expected = F.convolution_2d(x, conv.W.array, conv.b.array, stride=2, pad=1).array
    np.testing.assert_allclose(conv(x).array, expected, rtol=1e-5)
    assert conv.W.shape == (3, 2, 3, 3) and conv.b.shape == (3,)
    assert [n for n, _ in conv.namedparams()] == ["/W", "/b"]


@ON_EVERY_BACKEND
def test_convolution_2d_two_arguments_is_lazy_in_channels(device):
    conv = L.Convolution2D(4, 3, nobias=True)
    y = conv(device.send(np.ones((1, 2, 4, 4), np.float32)))
    assert conv.W.shape == (4, 2, 3, 3) and y.shape == (1, 4, 2, 2) and conv.b is None
    assert conv.W.device == device


def test_convolution_nd_groups_and_1d():
    conv = L.ConvolutionND(1, 4, 2, 3, groups=2, initial_bias=0.5)
    x = np.random.default_rng(0).standard_normal((2, 4, 6)).astype(np.float32)
    expected = F.convolution_nd(x, conv.W.array, conv.b.array, groups=2).array
    np.testing.assert_allclose(conv(x).array, expected, rtol=1e-5)
    assert conv.W.shape == (2, 2, 3)


@ON_EVERY_BACKEND
def test_embed_id_matches_the_function_and_ignores_a_label(device):
    flexgrad.set_seed(2)
    embed = L.EmbedID(5, 3, ignore_label=-1).to_device(device)
    ids = device.send(np.array([[4, -1], [0, 4]], dtype=np.int32))
    y = embed(ids)
    W = numpy_of(embed.W)
    expected = np.stack([W[[4, 0]], W[[0, 4]]])
    expected[0, 1] = 0
    np.testing.assert_allclose(numpy_of(y), expected)
    assert embed.W.shape == (5, 3) and [n for n, _ in embed.namedparams()] == ["/W"]


def test_embed_id_default_weight_is_standard_normal():
    flexgrad.set_seed(0)
    W = L.EmbedID(500, 200).W.array
    assert abs(float(W.std()) - 1.0) < 0.02


@pytest.mark.parametrize("cls", [L.Linear, L.EmbedID])
def test_weights_get_gradients(cls):
    layer = cls(3, 2)
    x = np.array([[0.5, 1.0, 2.0]], np.float32) if cls is L.Linear else np.array([1, 2])
    F.sum(layer(x)).backward()
    assert layer.W.grad is not None and layer.W.grad.shape == layer.W.shape


def test_nd_links_take_chainers_short_form():
    conv, deconv = L.ConvolutionND(1, 2, 3), L.DeconvolutionND(1, 2, 3)
    x = np.ones((1, 4, 5), np.float32)
    assert conv(x).shape == (1, 2, 3) and conv.W.shape == (2, 4, 3)
    assert deconv(x).shape == (1, 2, 7) and deconv.W.shape == (4, 2, 3)


def test_an_initial_weight_array_is_the_weight():
    w = np.arange(6, dtype=np.float32).reshape(3, 2)
    np.testing.assert_array_equal(L.Linear(2, 3, initialW=w).W.array, w)
    lazy = L.Linear(None, 3, initialW=w)
    lazy(np.ones((1, 2), np.float32))  # the input size comes with the first call
    np.testing.assert_array_equal(lazy.W.array, w)
    k = np.ones((4, 1, 3, 3), np.float32)
    np.testing.assert_array_equal(L.Convolution2D(1, 4, 3, initialW=k).W.array, k)
    with pytest.raises(ValueError, match=r"fill_value of shape \(3, 2\) cannot be broadcast "
                                         r"to the parameter shape \(3, 5\)"):
        L.Linear(5, 3, initialW=w)
    layer = L.Linear(2, 3, initialW=w.astype(np.float64))
    assert layer.W.dtype == np.float32, "Chainer: the link's dtype, not the array's"
    w[0, 0] = 100.0
    assert layer.W.array[0, 0] == 0.0, "the link holds a copy, not the caller's array"


def test_numpy_integer_sizes_work_as_in_chainer():
    n_vocab = np.max(np.array([3, 6], np.int32)) + 1  # a Chainer script's max(ids) + 1
    assert L.EmbedID(n_vocab, 4).W.shape == (7, 4)
    assert L.Linear(np.int64(3), np.int64(2)).b.shape == (2,)
