"""BatchNormalization: batch statistics and running averages in training, the running
averages when ``config.train`` is False."""

from __future__ import annotations

import numpy as np
import pytest

import flexgrad
import flexgrad.functions as F
import flexgrad.links as L
from conftest import numpy_of

ON_EVERY_BACKEND = pytest.mark.parametrize(
    "device", [flexgrad.get_device(s)
               for s in ("@numpy", "@dask", "@array_api_strict", "@torch", "@jax")],
    ids=str)


X = np.random.default_rng(0).standard_normal((4, 3, 2, 2)).astype(np.float32) * 2 + 1


def test_names_and_shapes_follow_chainer():
    bn = L.BatchNormalization(3)
    assert [n for n, _ in bn.namedparams()] == ["/gamma", "/beta"]
    assert bn.avg_mean.shape == bn.avg_var.shape == (3,) and bn.N == 0
    np.testing.assert_array_equal(bn.gamma.array, np.ones(3, np.float32))
    np.testing.assert_array_equal(bn.avg_var, np.ones(3, np.float32))
    bare = L.BatchNormalization(3, use_gamma=False, use_beta=False)
    assert list(bare.namedparams()) == []


@ON_EVERY_BACKEND
def test_training_normalizes_per_channel_and_updates_running_stats(device):
    bn = L.BatchNormalization(3, decay=0.5).to_device(device)
    y = numpy_of(bn(device.send(X)))
    mean, var = X.mean(axis=(0, 2, 3)), X.var(axis=(0, 2, 3))
    expected = (X - mean[:, None, None]) / np.sqrt(var[:, None, None] + 2e-5)
    np.testing.assert_allclose(y, expected, rtol=1e-4, atol=1e-5)
    m = X.size // 3
    np.testing.assert_allclose(numpy_of(bn.avg_mean), 0.5 * mean, rtol=1e-5)
    np.testing.assert_allclose(numpy_of(bn.avg_var), 0.5 + 0.5 * var * m / (m - 1), rtol=1e-5)
    assert flexgrad.backends.backend_of(bn.avg_mean) is device.backend


@ON_EVERY_BACKEND
def test_test_mode_uses_running_stats_and_leaves_them(device):
    bn = L.BatchNormalization(3, initial_avg_mean=np.arange(3, dtype=np.float32),
                              initial_avg_var=np.full(3, 4.0, np.float32)).to_device(device)
    with flexgrad.using_config("train", False):
        y = numpy_of(bn(device.send(X)))
    mean = np.arange(3, dtype=np.float32)[:, None, None]
    np.testing.assert_allclose(y, (X - mean) / np.sqrt(4.0 + 2e-5), rtol=1e-5, atol=1e-6)
    np.testing.assert_array_equal(numpy_of(bn.avg_mean), np.arange(3, dtype=np.float32))


def test_finetune_averages_every_batch():
    bn = L.BatchNormalization(3)
    bn(X, finetune=True)
    bn(X[:2] * 3, finetune=True)
    expected = (X.mean(axis=(0, 2, 3)) + (X[:2] * 3).mean(axis=(0, 2, 3))) / 2
    np.testing.assert_allclose(bn.avg_mean, expected, rtol=1e-5)
    assert bn.N == 2


@ON_EVERY_BACKEND
def test_lazy_size_from_the_channel_axis_on_the_input_device(device):
    bn = L.BatchNormalization()
    bn(device.send(X))
    assert bn.gamma.shape == (3,) and bn.gamma.device == device and bn.avg_mean.shape == (3,)


def test_gradients_match_the_function():
    bn = L.BatchNormalization(3)
    F.sum(bn(X) * X).backward()
    gamma, beta = flexgrad.Variable(np.ones(3, np.float32)), flexgrad.Variable(
        np.zeros(3, np.float32))
    F.sum(F.batch_normalization(X, gamma, beta) * X).backward()
    np.testing.assert_allclose(bn.gamma.grad, gamma.grad, rtol=1e-5)
    np.testing.assert_allclose(bn.beta.grad, beta.grad, rtol=1e-5)


def test_dtype_applies_to_parameters_and_statistics():
    bn = L.BatchNormalization(3, dtype="float64")
    assert bn.gamma.dtype == bn.beta.dtype == bn.avg_mean.dtype == np.float64
    y = bn(X.astype(np.float64))
    assert y.dtype == np.float64
