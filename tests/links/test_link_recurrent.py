"""StatelessLSTM, the GRUs and the NStep links: against the functions and NumPy
references, state handling, and sequences given in any order."""

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
X = RNG.standard_normal((2, 3)).astype(np.float32)
H = RNG.standard_normal((2, 4)).astype(np.float32)


def sigmoid(a):
    return 1 / (1 + np.exp(-a))


def affine(link, x):
    return x @ numpy_of(link.W).T + numpy_of(link.b)


def test_stateless_lstm_matches_the_stateful_one():
    flexgrad.set_seed(0)
    stateful = L.LSTM(3, 4)
    flexgrad.set_seed(0)
    stateless = L.StatelessLSTM(3, 4)
    c, h = stateless(None, None, X)
    np.testing.assert_allclose(h.array, stateful(X).array, rtol=1e-6)
    c, h = stateless(c, h, X)
    np.testing.assert_allclose(h.array, stateful(X).array, rtol=1e-6)
    np.testing.assert_allclose(c.array, stateful.c.array, rtol=1e-6)


@ON_EVERY_BACKEND
def test_stateless_gru_matches_numpy(device):
    gru = L.StatelessGRU(3, 4, bias_init=0.1).to_device(device)
    assert [n for n, _ in gru.namedparams()][:4] == ["/W_r/W", "/W_r/b", "/W_z/W", "/W_z/b"]
    r = sigmoid(affine(gru.W_r, X) + affine(gru.U_r, H))
    z = sigmoid(affine(gru.W_z, X) + affine(gru.U_z, H))
    h_bar = np.tanh(affine(gru.W, X) + affine(gru.U, r * H))
    y = gru(device.send(H), device.send(X))
    np.testing.assert_allclose(numpy_of(y), z * h_bar + (1 - z) * H, rtol=1e-5, atol=1e-6)


def test_stateful_gru_first_step_then_state():
    gru = L.GRU(3, 4)
    assert L.GRU is L.StatefulGRU
    first = gru(X)
    z, h_bar = sigmoid(affine(gru.W_z, X)), np.tanh(affine(gru.W, X))
    np.testing.assert_allclose(first.array, z * h_bar, rtol=1e-5, atol=1e-6)
    second = gru(X)
    np.testing.assert_allclose(second.array, L.StatelessGRU.forward(gru, first, X).array)
    gru.reset_state()
    np.testing.assert_allclose(gru(X).array, first.array)


@pytest.mark.parametrize("make, names", [(lambda: L.LSTM(3, 4), ("c", "h")),
                                          (lambda: L.StatefulGRU(3, 4), ("h",))])
@pytest.mark.parametrize("target", ["@dask", "@array_api_strict"])
def test_to_device_moves_the_recurrent_state(make, names, target):
    rnn = make()
    rnn(X)
    kept = {name: numpy_of(getattr(rnn, name)) for name in names}
    rnn.to_device(target)
    device = flexgrad.get_device(target)
    for name in names:
        assert flexgrad.get_device_from_array(flexgrad.as_array(getattr(rnn, name))) == device
        np.testing.assert_array_equal(numpy_of(getattr(rnn, name)), kept[name])
    rnn(device.send(X))  # the next step runs on the new device, from the moved state
    rnn.reset_state()
    rnn.to_device("@numpy")  # no state: nothing to move, no error


SEQS = [RNG.standard_normal((n, 3)).astype(np.float32) for n in (2, 4, 3)]


@pytest.mark.parametrize("cls, bi", [(L.NStepLSTM, False), (L.NStepBiLSTM, True),
                                     (L.NStepGRU, False), (L.NStepBiGRU, True),
                                     (L.NStepRNNTanh, False), (L.NStepBiRNNReLU, True)])
def test_n_step_links_any_order_equals_one_at_a_time(cls, bi):
    rnn = cls(2, 3, 4, 0.0)
    dirs = 2 if bi else 1
    assert len(rnn) == 2 * dirs
    assert rnn[0].w0.shape == (4, 3) and rnn[dirs].w0.shape == (4, 4 * dirs)
    cell = rnn.use_cell

    def call(xs):
        return rnn(None, None, xs) if cell else rnn(None, xs)

    together = call(SEQS)
    for i, seq in enumerate(SEQS):
        alone = call([seq])
        np.testing.assert_allclose(together[-1][i].array, alone[-1][0].array, rtol=1e-5,
                                   atol=1e-6)
        np.testing.assert_allclose(together[0].array[:, i], alone[0].array[:, 0], rtol=1e-5,
                                   atol=1e-6)
    assert together[-1][1].shape == (4, 4 * dirs)


@ON_EVERY_BACKEND
def test_n_step_lstm_matches_the_function_and_names(device):
    rnn = L.NStepLSTM(1, 3, 4, 0.0).to_device(device)
    names = [n for n, _ in rnn.namedparams()]
    assert names[:3] == ["/0/w0", "/0/b0", "/0/w1"] and len(names) == 16
    xs = [device.send(s) for s in sorted(SEQS, key=len, reverse=True)]
    hx = device.send(RNG.standard_normal((1, 3, 4)).astype(np.float32))
    hy, cy, ys = rnn(hx, hx, xs)
    ws = [[getattr(rnn[0], f"w{j}") for j in range(8)]]
    bs = [[getattr(rnn[0], f"b{j}") for j in range(8)]]
    hy2, cy2, ys2 = F.n_step_lstm(1, 0.0, hx, hx, ws, bs, F.transpose_sequence(xs))
    np.testing.assert_allclose(numpy_of(hy), numpy_of(hy2), rtol=1e-6)
    np.testing.assert_allclose(numpy_of(ys[0]), numpy_of(F.transpose_sequence(ys2)[0]),
                               rtol=1e-6)
    F.sum(hy).backward()
    assert rnn[0].w4.grad is not None


@pytest.mark.parametrize("make, names", [(lambda: L.LSTM(3, 4), ("c", "h")),
                                          (lambda: L.StatefulGRU(3, 4), ("h",)),
                                          (lambda: L.StatefulMGU(3, 4), ("h",)),
                                          (lambda: L.StatefulPeepholeLSTM(3, 4), ("c", "h"))])
def test_set_state_then_a_step_continues_from_it(make, names):
    rnn = make()
    rnn(X)
    kept = [getattr(rnn, name) for name in names]
    expected = rnn(X).array
    rnn.reset_state()
    assert all(getattr(rnn, name) is None for name in names)
    rnn.set_state(*kept)
    np.testing.assert_allclose(rnn(X).array, expected, rtol=1e-6)
    with pytest.raises(TypeError, match=f"set_state: expected {', '.join(names)}"):
        rnn.set_state(*kept, H)
