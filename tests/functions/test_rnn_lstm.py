"""lstm and slstm: Chainer's gate layout and formulas, shrinking batches, both backward
paths, double backprop with one output's gradient missing, and bad input."""

import numpy as np
import pytest

import flexgrad
import flexgrad.functions as F
from flexgrad import Variable
from flexgrad.errors import InvalidTypeError, InvalidValueError
from flexgrad.testing import check_double_backward


def sig(v):
    return 1 / (1 + np.exp(-v))


def lstm_reference(c_prev, x):
    """Chainer's formulas, with its interleaved layout spelled out column by column."""
    n, batch = c_prev.shape[1], x.shape[0]
    a, i, f, o = (x[:, k::4] for k in range(4))
    c = np.tanh(a) * sig(i) + sig(f) * c_prev[:batch]
    return np.concatenate([c, c_prev[batch:]]), sig(o) * np.tanh(c)[:, :n]


@pytest.mark.parametrize("batch", [3, 2])
def test_lstm_matches_chainers_formulas(batch):
    rng = np.random.default_rng(0)
    c_prev, x = rng.standard_normal((3, 2)), rng.standard_normal((batch, 8))
    c, h = F.lstm(c_prev, x)
    c_ref, h_ref = lstm_reference(c_prev, x)
    np.testing.assert_allclose(c.array, c_ref, rtol=1e-12)
    np.testing.assert_allclose(h.array, h_ref, rtol=1e-12)
    np.testing.assert_array_equal(c.array[batch:], c_prev[batch:])  # passed through


def test_lstm_gate_columns_interleave_per_unit():
    """Column 4j + k is gate k (a, i, f, o) of unit j: open only unit 1's gates."""
    x = np.full((1, 8), -50.0)
    x[0, 4:8] = [50.0, 50.0, -50.0, 50.0]  # unit 1: a = 1, i = 1, f = 0, o = 1
    c, h = F.lstm(np.full((1, 2), 3.0), x)
    np.testing.assert_allclose(c.array, [[0.0, 1.0]], atol=1e-12)
    np.testing.assert_allclose(h.array, [[0.0, np.tanh(1.0)]], atol=1e-12)


def test_lstm_first_order_paths_agree():
    """Backward on raw arrays (no graph) gives what the recorded Variable path gives."""
    rng = np.random.default_rng(1)
    c_prev, x = rng.standard_normal((3, 2)), rng.standard_normal((2, 8))
    gc, gh = rng.standard_normal((3, 2)), rng.standard_normal((2, 2))
    results = []
    for double in (False, True):
        cv, xv = Variable(c_prev), Variable(x)
        c, h = F.lstm(cv, xv)
        grads = flexgrad.grad([c, h], [cv, xv], [gc, gh], enable_double_backprop=double)
        results.append([g.array for g in grads])
    for fast, recorded in zip(*results, strict=True):
        np.testing.assert_allclose(fast, recorded, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("output", [0, 1])
def test_lstm_double_backward_with_one_output_unused(output):
    rng = np.random.default_rng(2)
    inputs = (rng.standard_normal((3, 2)), rng.standard_normal((2, 8)))
    check_double_backward(lambda c, x: F.lstm(c, x)[output], inputs, None, None)


def test_lstm_truncated_bptt_steps():
    """Stepped in Python over a sequence; unchain_backward cuts the history."""
    rng = np.random.default_rng(3)
    w = Variable(rng.standard_normal((2, 8)) * 0.5)
    c = h = Variable(np.zeros((1, 2)), requires_grad=False)
    for t in range(4):
        x = Variable(rng.standard_normal((1, 2)), requires_grad=False)
        c, h = F.lstm(c, F.matmul(x + h, w))
        if t == 1:
            c.unchain_backward()
            h.unchain_backward()
    F.sum(h).backward()
    assert w.grad is not None and np.all(np.isfinite(w.grad))


@pytest.mark.parametrize(("c_prev", "x", "error", "arg"), [
    (np.zeros((2, 2)), np.zeros((2, 6)), InvalidValueError, "'x'"),
    (np.zeros((2, 2)), np.zeros((3, 8)), InvalidValueError, "'x'"),
    (np.zeros(2), np.zeros(8), InvalidValueError, "'c_prev'"),
    (np.zeros((2, 2), np.float32), np.zeros((2, 8)), InvalidTypeError, "'x'"),
    (np.zeros((2, 2), np.int64), np.zeros((2, 8), np.int64), InvalidTypeError, "'c_prev'"),
    ([[0.0, 0.0]], np.zeros((1, 8)), InvalidTypeError, "'c_prev'"),
])
def test_lstm_rejects_bad_input(c_prev, x, error, arg):
    with pytest.raises(error, match=f"lstm: argument {arg}"):
        F.lstm(c_prev, x)


def test_slstm_matches_chainers_code():
    rng = np.random.default_rng(4)
    c1, c2 = rng.standard_normal((2, 3)), rng.standard_normal((2, 3))
    x1, x2 = rng.standard_normal((2, 12)), rng.standard_normal((2, 12))
    c, h = F.slstm(c1, c2, x1, x2)
    g1, g2 = ([x[:, k::4] for k in range(4)] for x in (x1, x2))
    c_ref = (np.tanh(g1[0]) * sig(g1[1]) + np.tanh(g2[0]) * sig(g2[1])
             + sig(g1[2]) * c1 + sig(g2[2]) * c2)
    np.testing.assert_allclose(c.array, c_ref, rtol=1e-12)
    np.testing.assert_allclose(h.array, sig(g1[3] + g2[3]) * np.tanh(c_ref), rtol=1e-12)


def test_slstm_rejects_mismatched_children():
    with pytest.raises(InvalidValueError, match="slstm: argument 'x2'"):
        F.slstm(np.zeros((2, 3)), np.zeros((2, 3)), np.zeros((2, 12)), np.zeros((1, 12)))
