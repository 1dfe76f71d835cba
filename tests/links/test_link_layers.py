"""Deconvolution, depthwise convolution, Bilinear, Bias/Scale, PReLU, Maxout, Highway,
LayerNormalization and GroupNormalization against the functions they wrap."""

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


RNG = np.random.default_rng(0)
X4 = RNG.standard_normal((2, 4, 5, 5)).astype(np.float32)
X2 = RNG.standard_normal((3, 4)).astype(np.float32)


def names(link):
    return [name for name, _ in link.namedparams()]


@ON_EVERY_BACKEND
def test_deconvolution_2d_matches_the_function_and_is_lazy(device):
    deconv = L.Deconvolution2D(4, 3, 3, stride=2, pad=1)
    expected = F.deconvolution_2d(X4, deconv.W.array, deconv.b.array, stride=2, pad=1).array
    assert deconv.W.shape == (4, 3, 3, 3) and names(deconv) == ["/W", "/b"]
    np.testing.assert_allclose(deconv(X4).array, expected, rtol=1e-5, atol=1e-6)
    lazy = L.Deconvolution2D(3, 2, outsize=(6, 6))
    assert lazy(device.send(X4)).shape == (2, 3, 6, 6) and lazy.W.device == device


@ON_EVERY_BACKEND
def test_depthwise_convolution_2d_matches_the_function(device):
    conv = L.DepthwiseConvolution2D(None, 2, 3, pad=1, initial_bias=0.5)
    y = conv(device.send(X4))
    assert conv.W.shape == (2, 4, 3, 3) and conv.b.shape == (8,) and conv.W.device == device
    expected = F.depthwise_convolution_2d(X4, numpy_of(conv.W), numpy_of(conv.b), pad=1)
    np.testing.assert_allclose(numpy_of(y), expected.array, rtol=1e-5, atol=1e-6)


def test_bilinear_matches_the_function():
    layer = L.Bilinear(4, 2, 3)
    e2 = X2[:, :2]
    expected = F.bilinear(X2, e2, layer.W.array, layer.V1.array, layer.V2.array,
                          layer.b.array)
    np.testing.assert_allclose(layer(X2, e2).array, expected.array, rtol=1e-5)
    assert names(layer) == ["/W", "/V1", "/V2", "/b"]
    assert names(L.Bilinear(4, 2, 3, nobias=True)) == ["/W"]


def test_bias_and_scale_learned_or_given():
    b, s = L.Bias(shape=(4,)), L.Scale(W_shape=(4,), bias_term=True)
    np.testing.assert_array_equal(b(X2).array, X2)
    np.testing.assert_array_equal(s(X2).array, X2)
    assert names(b) == ["/b"] and names(s) == ["/W", "/bias/b"]
    y = np.arange(4, dtype=np.float32)
    np.testing.assert_array_equal(L.Bias()(X2, y).array, X2 + y)
    np.testing.assert_array_equal(L.Scale()(X2, y).array, X2 * y)


@ON_EVERY_BACKEND
def test_prelu_maxout_highway(device):
    x = device.send(X2)
    prelu = L.PReLU((4,), init=0.1).to_device(device)
    np.testing.assert_allclose(numpy_of(prelu(x)), np.where(X2 > 0, X2, 0.1 * X2), rtol=1e-6)
    maxout = L.Maxout(4, 2, 3).to_device(device)
    expected = (X2 @ numpy_of(maxout.linear.W).T).reshape(3, 2, 3).max(axis=2)
    np.testing.assert_allclose(numpy_of(maxout(x)), expected, rtol=1e-5, atol=1e-6)
    assert names(maxout) == ["/linear/W", "/linear/b"]
    highway = L.Highway(4).to_device(device)
    plain, gate = (numpy_of(highway[k].W) for k in ("plain", "transform"))
    t = 1 / (1 + np.exp(-(X2 @ gate.T - 1)))
    expected = np.maximum(X2 @ plain.T, 0) * t + X2 * (1 - t)
    np.testing.assert_allclose(numpy_of(highway(x)), expected, rtol=1e-5, atol=1e-6)


@ON_EVERY_BACKEND
def test_layer_and_group_normalization(device):
    ln = L.LayerNormalization()
    y = numpy_of(ln(device.send(X2)))
    expected = (X2 - X2.mean(1, keepdims=True)) / np.sqrt(X2.var(1, keepdims=True) + 1e-6)
    np.testing.assert_allclose(y, expected, rtol=1e-4, atol=1e-5)
    assert names(ln) == ["/gamma", "/beta"] and ln.gamma.device == device
    gn = L.GroupNormalization(2, 4)
    expected = F.group_normalization(X4, 2, np.ones(4, np.float32), np.zeros(4, np.float32))
    np.testing.assert_allclose(gn(X4).array, expected.array, rtol=1e-5)
