"""LSTM: its step against F.lstm, its kept state, reset_state and shrinking batches."""

from __future__ import annotations

import numpy as np
import pytest

import flexgrad
import flexgrad.functions as F
import flexgrad.links as L
from conftest import numpy_of
from flexgrad.errors import InvalidTypeError

ON_EVERY_BACKEND = pytest.mark.parametrize(
    "device", [flexgrad.get_device(s) for s in ("@numpy", "@dask", "@array_api_strict")],
    ids=str)


RNG = np.random.default_rng(0)
XS = RNG.standard_normal((3, 2, 4)).astype(np.float32)


def reference(rnn, xs):
    """Steps written with F.linear and F.lstm from the link's own weights."""
    c = np.zeros((xs.shape[1], rnn.state_size), np.float32)
    h, ys = None, []
    for x in xs:
        a = F.linear(x, numpy_of(rnn.upward.W), numpy_of(rnn.upward.b))
        if h is not None:
            a = a + F.linear(h, numpy_of(rnn.lateral.W))
        c, h = F.lstm(c, a)
        ys.append(h.array)
    return ys


def test_names_and_chainer_bias_layout():
    rnn = L.LSTM(4, 3)
    assert [n for n, _ in rnn.namedparams()] == ["/upward/W", "/upward/b", "/lateral/W"]
    assert rnn.upward.W.shape == (12, 4) and rnn.lateral.W.shape == (12, 3)
    np.testing.assert_array_equal(rnn.upward.b.array, np.tile([0, 0, 1, 0], 3))
    b = L.LSTM(4, 2, bias_init=0.5, forget_bias_init=2.0).upward.b.array
    np.testing.assert_array_equal(b, [0.5, 0.5, 2.0, 0.5] * 2)


@ON_EVERY_BACKEND
def test_steps_match_the_function_and_reset_state(device):
    flexgrad.set_seed(0)
    rnn = L.LSTM(4, 3).to_device(device)
    expected = reference(rnn, XS)
    for _ in range(2):  # the second pass checks reset_state starts from zeros again
        for x, want in zip(XS, expected, strict=True):
            np.testing.assert_allclose(numpy_of(rnn(device.send(x))), want, rtol=1e-5,
                                       atol=1e-6)
        assert rnn.h.shape == rnn.c.shape == (2, 3)
        rnn.reset_state()
        assert rnn.h is None and rnn.c is None


def test_state_carries_between_calls():
    rnn = L.LSTM(4, 3)
    first = rnn(XS[0]).array
    again = rnn(XS[0]).array
    assert not np.allclose(first, again)


@ON_EVERY_BACKEND
def test_lazy_in_size_and_backward(device):
    rnn = L.LSTM(3)
    x = device.send(XS[0])
    loss = F.sum(rnn(x) + rnn(x))
    loss.backward()
    assert rnn.upward.W.shape == (12, 4) and rnn.upward.W.device == device
    assert rnn.lateral.W.grad is not None and rnn.upward.b.grad.shape == (12,)


def test_smaller_batch_updates_the_first_rows_only():
    rnn = L.LSTM(4, 3)
    rnn(XS[0])
    h_before = rnn.h.array.copy()
    y = rnn(XS[1][:1])
    assert y.shape == (1, 3) and rnn.h.shape == (2, 3)
    np.testing.assert_array_equal(rnn.h.array[1], h_before[1])
    with pytest.raises(InvalidTypeError, match="LSTM"):
        rnn(np.ones((3, 4), np.float32))
