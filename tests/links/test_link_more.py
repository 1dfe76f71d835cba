"""The links Chainer ports need beyond the core set: fixed-rank and dilated convolutions,
Parameter, Swish, the peephole/zoneout LSTMs and MGUs, BatchRenormalization,
MLPConvolution2D, Inception and SimplifiedDropconnect, against NumPy references written
here, on every backend, and saved under Chainer's parameter names."""

from __future__ import annotations

import io
import itertools

import numpy as np
import pytest
from numpy.lib.stride_tricks import sliding_window_view

import flexgrad
import flexgrad.functions as F
import flexgrad.links as L
from conftest import numpy_of
from flexgrad import serializers

DEVICES = [flexgrad.get_device(s) for s in ("@numpy", "@dask", "@array_api_strict")]
ON_EVERY_BACKEND = pytest.mark.parametrize("device", DEVICES, ids=str)
RNG = np.random.default_rng(0)


def normal(*shape: int) -> np.ndarray:
    return RNG.standard_normal(shape).astype(np.float32)


def saved_keys_and_reload(link, fresh) -> list[str]:
    """Save ``link``, load the file into ``fresh`` (checking every parameter arrives) and
    return the file's keys."""
    buffer = io.BytesIO()
    serializers.save_npz(buffer, link)
    serializers.load_npz(io.BytesIO(buffer.getvalue()), fresh)
    for (name, p), (_, q) in zip(link.namedparams(), fresh.namedparams(), strict=True):
        np.testing.assert_array_equal(numpy_of(p), numpy_of(q), err_msg=name)
    return sorted(np.load(io.BytesIO(buffer.getvalue())).files)


# -- item 1: fixed-rank and dilated convolutions ----------------------------------------------
def conv_reference(x, W, b, stride=1, pad=0, dilate=1):
    """Cross-correlation of (n, c, *spatial) with (o, c, *k), from NumPy windows."""
    nd = x.ndim - 2
    spatial = tuple(range(2, 2 + nd))
    x = np.pad(x, [(0, 0), (0, 0)] + [(pad, pad)] * nd)
    span = [dilate * (k - 1) + 1 for k in W.shape[2:]]
    win = sliding_window_view(x, span, axis=spatial)[(..., *[slice(None, None, dilate)] * nd)]
    win = win[(slice(None), slice(None), *[slice(None, None, stride)] * nd)]
    y = np.tensordot(win, W, axes=([1, *range(2 + nd, 2 + 2 * nd)], [1, *spatial]))
    return np.moveaxis(y, -1, 1) + (0 if b is None else b.reshape((1, -1) + (1,) * nd))


def deconv_reference(x, W, b, stride=1):
    """Each input element adds its value times the filter to the output at stride steps."""
    n, _, *size = x.shape
    ks = W.shape[2:]
    out = (stride * (d - 1) + k for d, k in zip(size, ks, strict=True))
    y = np.zeros((n, W.shape[1], *out))
    for pos in itertools.product(*map(range, size)):
        where = (slice(None), slice(None), *(slice(stride * p, stride * p + k)
                                             for p, k in zip(pos, ks, strict=True)))
        y[where] += np.tensordot(x[(slice(None), slice(None), *pos)], W, axes=(1, 0))
    return y + (0 if b is None else b.reshape((1, -1) + (1,) * len(ks)))


CONVOLUTIONS = [  # (link, input shape, reference, what the link was built with)
    (lambda: L.Convolution1D(2, 3, 3, stride=2, pad=1, initial_bias=0.5), (2, 2, 7),
     lambda x, W, b: conv_reference(x, W, b, stride=2, pad=1)),
    (lambda: L.Convolution3D(2, 3, 2, nobias=True), (1, 2, 3, 4, 3),
     lambda x, W, b: conv_reference(x, W, b)),
    (lambda: L.Deconvolution1D(2, 3, 3, stride=2, initial_bias=0.5), (2, 2, 4),
     lambda x, W, b: deconv_reference(x, W, b, stride=2)),
    (lambda: L.Deconvolution3D(2, 1, 2, nobias=True), (1, 2, 2, 3, 2),
     lambda x, W, b: deconv_reference(x, W, b)),
    (lambda: L.DilatedConvolution2D(2, 3, 3, 1, 2, 2), (1, 2, 5, 6),
     lambda x, W, b: conv_reference(x, W, b, pad=2, dilate=2)),
]


@pytest.mark.parametrize("make, shape, reference", CONVOLUTIONS,
                         ids=["Convolution1D", "Convolution3D", "Deconvolution1D",
                              "Deconvolution3D", "DilatedConvolution2D"])
@ON_EVERY_BACKEND
def test_convolution_links_match_numpy(make, shape, reference, device):
    flexgrad.set_seed(3)
    conv = make().to_device(device)
    x = normal(*shape)
    expected = reference(x, numpy_of(conv.W), None if conv.b is None else numpy_of(conv.b))
    np.testing.assert_allclose(numpy_of(conv(device.send(x))), expected, rtol=1e-5, atol=1e-5)
    assert saved_keys_and_reload(conv, make()) == (["W"] if conv.b is None else ["W", "b"])


@pytest.mark.parametrize("make, ndim, w_shape", [
    (lambda: L.Convolution1D(4, 3), 1, (4, 2, 3)),
    (lambda: L.Convolution3D(4, 2), 3, (4, 2, 2, 2, 2)),
    (lambda: L.Deconvolution1D(4, 3), 1, (2, 4, 3)),
    (lambda: L.Deconvolution3D(4, 2), 3, (2, 4, 2, 2, 2)),
    (lambda: L.DilatedConvolution2D(4, 3, dilate=2), 2, (4, 2, 3, 3)),
])
def test_convolution_links_take_in_channels_from_the_first_input(make, ndim, w_shape):
    conv = make()
    assert not conv.W.is_initialized
    conv(np.ones((1, 2) + (5,) * ndim, np.float32))
    assert conv.W.shape == w_shape


def test_fixed_rank_functions_and_links_refuse_another_rank():
    with pytest.raises(flexgrad.errors.InvalidValueError, match="convolution_1d: argument 'x'"):
        F.convolution_1d(np.ones((1, 1, 3, 3)), np.ones((1, 1, 2)))
    with pytest.raises(flexgrad.errors.InvalidValueError, match="argument 'W' expected a 4-d"):
        L.Convolution1D(1, 1, 2)(np.ones((1, 1, 3, 3), np.float32))


# -- item 2: Parameter and Swish ----------------------------------------------------------------
def sigmoid(a):
    return 1 / (1 + np.exp(-a))


@ON_EVERY_BACKEND
def test_parameter_link_returns_its_one_weight_on_the_arrays_device(device):
    value = normal(2, 3)
    link = L.Parameter(device.send(value))
    W = link()
    assert W is link.W and link.device == device and W.device == device
    np.testing.assert_array_equal(numpy_of(W), value)
    F.sum(W * W).backward()
    np.testing.assert_allclose(numpy_of(link.W.grad), 2 * value, rtol=1e-6)
    assert saved_keys_and_reload(link, L.Parameter(np.zeros((2, 3), np.float32))) == ["W"]


@ON_EVERY_BACKEND
def test_swish_link_learns_beta_per_element_and_matches_numpy(device):
    swish = L.Swish(None, beta_init=0.5).to_device(device)
    assert not swish.beta.is_initialized
    x = normal(2, 3, 4)
    y = swish(device.send(x))
    assert swish.beta.shape == (3, 4) and swish.beta.device == device
    np.testing.assert_allclose(numpy_of(y), x * sigmoid(0.5 * x), rtol=1e-5, atol=1e-6)
    F.sum(y).backward()
    assert swish.beta.grad.shape == (3, 4)
    assert saved_keys_and_reload(swish, L.Swish((3, 4))) == ["beta"]


def test_swish_link_beta_per_channel():
    swish = L.Swish((3,))
    swish.beta.array[...] = [0.0, 1.0, 2.0]
    x = normal(2, 3, 4)
    expected = x * sigmoid(np.array([0.0, 1.0, 2.0], np.float32)[:, None] * x)
    np.testing.assert_allclose(swish(x).array, expected, rtol=1e-5, atol=1e-6)


# -- item 3: peephole and zoneout LSTMs, MGUs ------------------------------------------------
def affine(link, x):
    b = 0 if link.b is None else numpy_of(link.b)
    return x @ numpy_of(link.W).T + b


def lstm_gates(rnn, x, h):
    """Chainer's interleaved layout: column 4 j + k is gate k (a, i, f, o) of unit j."""
    z = affine(rnn.upward, x) + (0 if h is None else affine(rnn.lateral, h))
    return [z.reshape(len(x), -1, 4)[:, :, k] for k in range(4)]


def peephole_reference(rnn, xs):
    c, h = np.zeros((len(xs[0]), rnn.state_size)), None
    for x in xs:
        a, i, f, o = lstm_gates(rnn, x, h)
        c = (np.tanh(a) * sigmoid(i + affine(rnn.peep_i, c))
             + sigmoid(f + affine(rnn.peep_f, c)) * c)
        h = sigmoid(o + affine(rnn.peep_o, c)) * np.tanh(c)
    return c, h


def lstm_reference(rnn, xs):
    c, h = np.zeros((len(xs[0]), rnn.state_size)), None
    for x in xs:
        a, i, f, o = lstm_gates(rnn, x, h)
        c = np.tanh(a) * sigmoid(i) + sigmoid(f) * c
        h = sigmoid(o) * np.tanh(c)
    return c, h


def mgu_reference(mgu, h, x):
    f = sigmoid(affine(mgu.W_f, np.concatenate([h, x], axis=1)))
    h_bar = np.tanh(affine(mgu.W_h, np.concatenate([f * h, x], axis=1)))
    return f * h_bar + (1 - f) * h


XS = [normal(2, 3) for _ in range(3)]


@ON_EVERY_BACKEND
def test_peephole_lstm_matches_numpy_over_steps(device):
    rnn = L.StatefulPeepholeLSTM(3, 4).to_device(device)
    for x in XS:
        y = rnn(device.send(x))
    c, h = peephole_reference(rnn, XS)
    np.testing.assert_allclose(numpy_of(y), h, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(numpy_of(rnn.c), c, rtol=1e-5, atol=1e-6)
    keys = ["lateral/W", "peep_f/W", "peep_i/W", "peep_o/W", "upward/W", "upward/b"]
    assert saved_keys_and_reload(rnn, L.StatefulPeepholeLSTM(3, 4)) == keys


@ON_EVERY_BACKEND
def test_zoneout_lstm_in_test_mode_is_a_plain_lstm(device):
    rnn = L.StatefulZoneoutLSTM(3, 4, c_ratio=0.9, h_ratio=0.9).to_device(device)
    with flexgrad.using_config("train", False):
        for x in XS:
            y = rnn(device.send(x))
    c, h = lstm_reference(rnn, XS)
    np.testing.assert_allclose(numpy_of(y), h, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(numpy_of(rnn.c), c, rtol=1e-5, atol=1e-6)
    keys = ["lateral/W", "upward/W", "upward/b"]
    assert saved_keys_and_reload(rnn, L.StatefulZoneoutLSTM(3, 4)) == keys


def test_zoneout_lstm_in_training_keeps_old_units_at_random():
    flexgrad.set_seed(0)
    rnn = L.StatefulZoneoutLSTM(3, 50, c_ratio=0.5, h_ratio=1.0)
    rnn(XS[0])
    np.testing.assert_array_equal(rnn.h.array, 0)  # h_ratio=1: every output unit kept
    c_old = rnn.c.array
    rnn(XS[1])
    a, i, f, _ = lstm_gates(rnn, XS[1], None)  # h is still zeros
    candidate = np.tanh(a) * sigmoid(i) + sigmoid(f) * c_old
    kept = rnn.c.array == c_old
    assert np.all(kept | np.isclose(rnn.c.array, candidate, rtol=1e-5, atol=1e-6))
    assert 0.3 < kept.mean() < 0.7


def test_zoneout_masks_come_from_the_seeded_generator():
    h, x = np.zeros((4, 5), np.float32), np.ones((4, 5), np.float32)
    flexgrad.set_seed(5)
    first = F.zoneout(h, x, 0.3).array
    flexgrad.set_seed(5)
    np.testing.assert_array_equal(F.zoneout(h, x, 0.3).array, first)
    with flexgrad.using_config("train", False):
        np.testing.assert_array_equal(F.zoneout(h, x, 0.3).array, x)
    with pytest.raises(flexgrad.errors.InvalidValueError, match="zoneout: argument 'ratio'"):
        F.zoneout(h, x, 1.5)
    with pytest.raises(flexgrad.errors.InvalidValueError, match="zoneout: argument 'h'"):
        F.zoneout(h[:2], x, 0.3)


@ON_EVERY_BACKEND
def test_mgus_match_numpy(device):
    stateless = L.StatelessMGU(3, 4).to_device(device)
    h = normal(2, 4)
    y = stateless(device.send(h), device.send(XS[0]))
    np.testing.assert_allclose(numpy_of(y), mgu_reference(stateless, h, XS[0]), rtol=1e-5,
                               atol=1e-6)
    stateful = L.StatefulMGU(3, 4).to_device(device)
    stateful.copyparams(stateless)
    expected = np.zeros((2, 4), np.float32)
    for x in XS:
        y = stateful(device.send(x))
        expected = mgu_reference(stateless, expected, x)
    np.testing.assert_allclose(numpy_of(y), expected, rtol=1e-5, atol=1e-6)
    assert stateless.W_f.W.shape == (4, 7)
    keys = ["W_f/W", "W_f/b", "W_h/W", "W_h/b"]
    assert saved_keys_and_reload(stateful, L.StatefulMGU(3, 4)) == keys


@pytest.mark.parametrize("make", [lambda: L.StatefulPeepholeLSTM(None, 4),
                                  lambda: L.StatefulZoneoutLSTM(None, 4)])
@pytest.mark.parametrize("device", DEVICES[1:], ids=str)
def test_lstms_take_in_size_and_device_from_the_first_input(make, device):
    rnn = make()
    rnn(device.send(XS[0]))
    assert rnn.upward.W.shape == (16, 3)
    assert all(p.device == device for p in rnn.params())


@pytest.mark.parametrize("make, names", [
    (lambda: L.StatefulPeepholeLSTM(3, 4), ("c", "h")),
    (lambda: L.StatefulZoneoutLSTM(3, 4), ("c", "h")),
    (lambda: L.StatefulMGU(3, 4), ("h",)),
])
def test_to_device_moves_the_state(make, names):
    rnn = make()
    rnn(XS[0])
    kept = {name: numpy_of(getattr(rnn, name)) for name in names}
    device = flexgrad.get_device("@array_api_strict")
    rnn.to_device(device)
    for name in names:
        assert flexgrad.get_device_from_array(flexgrad.as_array(getattr(rnn, name))) == device
        np.testing.assert_array_equal(numpy_of(getattr(rnn, name)), kept[name])
    rnn(device.send(XS[1]))
    rnn.reset_state()
    assert all(getattr(rnn, name) is None for name in names)


# -- item 5: BatchRenormalization, MLPConvolution2D, Inception -------------------------------
def renormalized(x, gamma, beta, mean_run, var_run, rmax, dmax, eps=2e-5):
    """The paper's formulas per channel (axis 1), with the running statistics' update."""
    axes = (0, 2)
    mean, var = x.mean(axis=axes), x.var(axis=axes)
    sigma, sigma_run = np.sqrt(var + eps), np.sqrt(var_run + eps)
    r = np.clip(sigma / sigma_run, 1 / rmax, rmax)
    d = np.clip((mean - mean_run) / sigma_run, -dmax, dmax)
    c = (slice(None), None)
    y = gamma[c] * ((x - mean[c]) / sigma[c] * r[c] + d[c]) + beta[c]
    m = x.size // len(gamma)
    return y, 0.9 * mean_run + 0.1 * mean, 0.9 * var_run + 0.1 * var * m / (m - 1)


@ON_EVERY_BACKEND
def test_batch_renormalization_matches_numpy_and_updates_statistics(device):
    start_mean, start_var = np.array([0.5, -0.5, 0.0], np.float32), np.full(3, 4.0, np.float32)
    bn = L.BatchRenormalization(3, rmax=1.5, dmax=0.2, initial_gamma=2.0, initial_beta=0.5,
                                initial_avg_mean=start_mean, initial_avg_var=start_var)
    bn.to_device(device)
    x = normal(4, 3, 2)
    y = bn(device.send(x))
    gamma, beta = np.full(3, 2.0, np.float32), np.full(3, 0.5, np.float32)
    expected, mean, var = renormalized(x, gamma, beta, start_mean, start_var, 1.5, 0.2)
    np.testing.assert_allclose(numpy_of(y), expected, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(numpy_of(bn.avg_mean), mean, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(numpy_of(bn.avg_var), var, rtol=1e-5)
    F.sum(y * y).backward()
    assert bn.gamma.grad is not None and bn.beta.grad is not None
    keys = ["N", "avg_mean", "avg_var", "beta", "gamma"]
    assert saved_keys_and_reload(bn, L.BatchRenormalization(3)) == keys


def test_batch_renormalization_without_corrections_is_batch_normalization():
    x = normal(5, 3)
    renorm, plain = L.BatchRenormalization(3), L.BatchNormalization(3)
    np.testing.assert_allclose(renorm(x).array, plain(x).array, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(renorm.avg_var, plain.avg_var, rtol=1e-5)
    with flexgrad.using_config("train", False):
        np.testing.assert_allclose(renorm(x).array, plain(x).array, rtol=1e-5, atol=1e-6)


def test_batch_renormalization_needs_running_statistics_and_sane_clips():
    x, gamma, beta = normal(2, 3), np.ones(3, np.float32), np.zeros(3, np.float32)
    with pytest.raises(flexgrad.errors.InvalidTypeError,
                       match="batch_renormalization: argument 'running_mean'"):
        F.batch_renormalization(x, gamma, beta, 2.0, 1.0)
    with pytest.raises(flexgrad.errors.InvalidValueError, match="argument 'rmax'"):
        F.batch_renormalization(x, gamma, beta, 0.5, 1.0, running_mean=beta, running_var=gamma)


def relu(a):
    return np.maximum(a, 0)


def conv_of(link, x, pad=0):
    return conv_reference(x, numpy_of(link.W), numpy_of(link.b), pad=pad)


@ON_EVERY_BACKEND
def test_mlp_convolution_2d_matches_numpy(device):
    mlp = L.MLPConvolution2D(2, (4, 3, 2), 3, pad=1, bias_init=0.1).to_device(device)
    x = normal(2, 2, 4, 3)
    expected = conv_of(mlp[2], relu(conv_of(mlp[1], relu(conv_of(mlp[0], x, pad=1)))))
    np.testing.assert_allclose(numpy_of(mlp(device.send(x))), expected, rtol=1e-4, atol=1e-5)
    keys = ["0/W", "0/b", "1/W", "1/b", "2/W", "2/b"]
    assert saved_keys_and_reload(mlp, L.MLPConvolution2D(2, (4, 3, 2), 3, pad=1)) == keys


def test_mlp_convolution_2d_short_form_is_lazy_and_takes_an_activation():
    mlp = L.MLPConvolution2D((4, 2), 3, activation=F.tanh)
    x = normal(1, 5, 4, 4)
    y = mlp(x)
    assert mlp[0].W.shape == (4, 5, 3, 3) and mlp[1].W.shape == (2, 4, 1, 1)
    expected = conv_of(mlp[1], np.tanh(conv_of(mlp[0], x)))
    np.testing.assert_allclose(y.array, expected, rtol=1e-4, atol=1e-5)


def max_pool_3x3_same(x):
    padded = np.pad(x, [(0, 0), (0, 0), (1, 1), (1, 1)], constant_values=-np.inf)
    return sliding_window_view(padded, (3, 3), axis=(2, 3)).max(axis=(-2, -1))


@ON_EVERY_BACKEND
def test_inception_matches_numpy(device):
    block = L.Inception(3, 2, 2, 3, 1, 2, 1, bias_init=0.1).to_device(device)
    x = normal(2, 3, 5, 4)
    branches = [conv_of(block.conv1, x),
                conv_of(block.conv3, relu(conv_of(block.proj3, x)), pad=1),
                conv_of(block.conv5, relu(conv_of(block.proj5, x)), pad=2),
                conv_of(block.projp, max_pool_3x3_same(x))]
    expected = relu(np.concatenate(branches, axis=1))
    np.testing.assert_allclose(numpy_of(block(device.send(x))), expected, rtol=1e-4, atol=1e-5)
    keys = [f"{name}/{p}" for name in ("conv1", "conv3", "conv5", "proj3", "proj5", "projp")
            for p in "Wb"]
    assert saved_keys_and_reload(block, L.Inception(3, 2, 2, 3, 1, 2, 1)) == keys


def test_inception_in_channels_from_the_first_input():
    block = L.Inception(None, 1, 1, 1, 1, 1, 1)
    assert block(normal(1, 4, 3, 3)).shape == (1, 4, 3, 3)
    assert block.conv1.W.shape == (1, 4, 1, 1) and block.projp.W.shape == (1, 4, 1, 1)


# -- item 6: SimplifiedDropconnect ---------------------------------------------------------------
@ON_EVERY_BACKEND
def test_simplified_dropconnect_matches_numpy_with_a_given_mask(device):
    layer = L.SimplifiedDropconnect(6, 4, ratio=0.25, initial_bias=0.5).to_device(device)
    x = normal(2, 2, 3)
    mask = RNG.uniform(size=(2, 4, 6)) >= 0.25
    W, b = numpy_of(layer.W), numpy_of(layer.b)
    expected = np.einsum("imn,in->im", W * mask / 0.75, x.reshape(2, 6)) + b
    y = layer(device.send(x), mask=device.send(mask))
    np.testing.assert_allclose(numpy_of(y), expected, rtol=1e-5, atol=1e-6)
    plain = layer(device.send(x), train=False)
    np.testing.assert_allclose(numpy_of(plain), x.reshape(2, 6) @ W.T + b, rtol=1e-5,
                               atol=1e-6)
    assert saved_keys_and_reload(layer, L.SimplifiedDropconnect(6, 4)) == ["W", "b"]


@pytest.mark.parametrize("batchwise", [True, False])
def test_simplified_dropconnect_draws_seeded_masks(batchwise):
    layer = L.SimplifiedDropconnect(None, 3, ratio=0.5, initialW=1.0, nobias=True)
    x = np.ones((4, 400), np.float32)
    flexgrad.set_seed(7)
    y = layer(x, use_batchwise_mask=batchwise).array
    assert layer.W.shape == (3, 400)
    assert np.all(np.abs(y / 400 - 1) < 0.2)  # about half kept, each scaled by 2
    assert (len(np.unique(y[:, 0])) > 1) == batchwise  # one mask per sample, or one for all
    flexgrad.set_seed(7)
    np.testing.assert_array_equal(layer(x, use_batchwise_mask=batchwise).array, y)
