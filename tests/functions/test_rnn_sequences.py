"""n_step_lstm/gru/rnn and their bi- variants against a step-by-step NumPy reference,
on Dask, with dropout, through both backward paths, and on bad input."""

import dask
import numpy as np
import pytest

import flexgrad
import flexgrad.functions as F
from flexgrad import Variable
from flexgrad.errors import InvalidTypeError, InvalidValueError
from flexgrad.testing import assert_backends_agree

UNITS, IN_SIZE, BATCHES = 2, 3, (3, 2, 2, 1)


def sig(v):
    return 1 / (1 + np.exp(-v))


def lstm_step(x, states, w, b):
    h, c = states
    pre = [x @ w[j].T + h @ w[j + 4].T + b[j] + b[j + 4] for j in range(4)]
    c = sig(pre[1]) * c + sig(pre[0]) * np.tanh(pre[2])  # W0 i, W1 f, W2 a, W3 o
    return sig(pre[3]) * np.tanh(c), c


def gru_step(x, states, w, b):
    (h,) = states
    r = sig(x @ w[0].T + h @ w[3].T + b[0] + b[3])
    z = sig(x @ w[1].T + h @ w[4].T + b[1] + b[4])
    cand = np.tanh(x @ w[2].T + b[2] + r * (h @ w[5].T + b[5]))
    return ((1 - z) * cand + z * h,)


def rnn_step(activation):
    def step(x, states, w, b):
        pre = x @ w[0].T + states[0] @ w[1].T + b[0] + b[1]
        return (np.tanh(pre) if activation == "tanh" else np.maximum(pre, 0),)
    return step


def reference(step, states0, ws, bs, xs, layers, directions):
    """Chainer's semantics, one sequence step at a time: rows past B_t keep their state."""
    finals = [[] for _ in states0]
    inputs = xs
    for layer in range(layers):
        outs = []
        for d in range(directions):
            k = layer * directions + d
            states = [s[k] for s in states0]
            ys = [None] * len(inputs)
            for t in (range(len(inputs)) if d == 0 else reversed(range(len(inputs)))):
                b = inputs[t].shape[0]
                new = step(inputs[t], [s[:b] for s in states], ws[k], bs[k])
                states = [np.concatenate([n, s[b:]]) for n, s in zip(new, states, strict=True)]
                ys[t] = new[0]
            outs.append(ys)
            for f, s in zip(finals, states, strict=True):
                f.append(s)
        inputs = outs[0] if directions == 1 else [np.concatenate(p, 1)
                                                  for p in zip(*outs, strict=True)]
    return [np.stack(f) for f in finals], inputs


# name, reference step, weights per layer, input weights per layer, has cell, keywords
KINDS = [
    ("n_step_lstm", lstm_step, 8, 4, True, {}),
    ("n_step_bilstm", lstm_step, 8, 4, True, {}),
    ("n_step_gru", gru_step, 6, 3, False, {}),
    ("n_step_bigru", gru_step, 6, 3, False, {}),
    ("n_step_rnn", rnn_step("tanh"), 2, 1, False, {}),
    ("n_step_birnn", rnn_step("relu"), 2, 1, False, {"activation": "relu"}),
]


def make_args(name, n_w, n_in, has_cell, layers, rng, batches=BATCHES):
    directions = 2 if "_bi" in name else 1
    n = layers * directions
    states = [rng.standard_normal((n, batches[0], UNITS)) for _ in range(1 + has_cell)]
    ws = [[rng.standard_normal((UNITS, (IN_SIZE if k < directions else UNITS * directions)
                                if j < n_in else UNITS)) * 0.7 for j in range(n_w)]
          for k in range(n)]
    bs = [[rng.standard_normal(UNITS) for _ in range(n_w)] for _ in range(n)]
    xs = [rng.standard_normal((b, IN_SIZE)) for b in batches]
    return states, ws, bs, xs, directions


@pytest.mark.parametrize("layers", [1, 2])
@pytest.mark.parametrize(("name", "step", "n_w", "n_in", "has_cell", "kw"), KINDS,
                         ids=[k[0] for k in KINDS])
def test_matches_the_step_by_step_reference(name, step, n_w, n_in, has_cell, kw, layers):
    states, ws, bs, xs, directions = make_args(name, n_w, n_in, has_cell, layers,
                                               np.random.default_rng(layers))
    out = getattr(F, name)(layers, 0.0, *states, ws, bs, xs, **kw)
    finals, ys = reference(step, states, ws, bs, xs, layers, directions)
    for got, expected in zip(out[:-1], finals, strict=True):
        np.testing.assert_allclose(got.array, expected, rtol=1e-12, atol=1e-12)
    assert isinstance(out[-1], tuple) and len(out[-1]) == len(xs)
    for got, expected in zip(out[-1], ys, strict=True):
        np.testing.assert_allclose(got.array, expected, rtol=1e-12, atol=1e-12)


def test_state_rows_past_the_first_batch_pass_through():
    """hx may hold more rows than xs[0]: those states come out unchanged, as in Chainer."""
    states, ws, bs, xs, _ = make_args("n_step_bilstm", 8, 4, True, 1, np.random.default_rng(10),
                                      batches=(3, 2, 1))
    hy, cy, ys = F.n_step_bilstm(1, 0.0, *states, ws, bs, xs[1:])
    finals, expected = reference(lstm_step, states, ws, bs, xs[1:], 1, 2)
    np.testing.assert_allclose(hy.array, finals[0], rtol=1e-12)
    np.testing.assert_array_equal(hy.array[:, 2:], states[0][:, 2:])
    np.testing.assert_array_equal(cy.array[:, 2:], states[1][:, 2:])
    for got, want in zip(ys, expected, strict=True):
        np.testing.assert_allclose(got.array, want, rtol=1e-12)


@pytest.mark.parametrize(("name", "step", "n_w", "n_in", "has_cell", "kw"), KINDS,
                         ids=[k[0] for k in KINDS])
def test_dask_agrees(name, step, n_w, n_in, has_cell, kw):
    """One Dask run per function (the op table leaves Dask out of its sweep for these)."""
    states, ws, bs, xs, _ = make_args(name, n_w, n_in, has_cell, 1, np.random.default_rng(5),
                                      batches=(2, 1))
    flat = [*states, *(a for w in ws for a in w), *(a for b in bs for a in b), *xs]
    n_states, n_arrays = 1 + has_cell, len(ws) * n_w

    def func(*v):
        w = [list(v[n_states + k * n_w:n_states + (k + 1) * n_w]) for k in range(len(ws))]
        b = [list(v[n_states + n_arrays + k * n_w:n_states + n_arrays + (k + 1) * n_w])
             for k in range(len(ws))]
        out = getattr(F, name)(1, 0.0, *v[:n_states], w, b, list(v[n_states + 2 * n_arrays:]),
                               **kw)
        return (*out[:-1], *out[-1])

    with dask.config.set(scheduler="synchronous"):
        assert_backends_agree(func, flat, backends=("dask",), chunks=1)


def test_first_order_paths_agree():
    """The recurrence's backward on raw arrays equals its recorded Variable path."""
    states, ws, bs, xs, _ = make_args("n_step_bilstm", 8, 4, True, 2, np.random.default_rng(6))
    results = []
    for double in (False, True):
        wv = [[Variable(a) for a in w] for w in ws]
        xv = [Variable(x) for x in xs]
        hy, cy, ys = F.n_step_bilstm(2, 0.0, *states, wv, bs, xv)
        loss = F.sum(hy * hy) + F.sum(cy) + sum(F.sum(y * y) for y in ys)
        targets = [wv[0][0], wv[1][6], wv[2][3], xv[0], xv[-1]]
        results.append([g.array for g in flexgrad.grad([loss], targets,
                                                       enable_double_backprop=double)])
    for fast, recorded in zip(*results, strict=True):
        np.testing.assert_allclose(fast, recorded, rtol=1e-11, atol=1e-13)


def test_dropout_applies_between_layers_only_in_training():
    states, ws, bs, xs, _ = make_args("n_step_lstm", 8, 4, True, 2, np.random.default_rng(7))
    plain = F.n_step_lstm(2, 0.0, *states, ws, bs, xs)[0].array
    with flexgrad.using_config("train", False):
        test_mode = F.n_step_lstm(2, 0.9, *states, ws, bs, xs)[0].array
    np.testing.assert_array_equal(test_mode, plain)
    hy = F.n_step_lstm(2, 0.9, *states, ws, bs, xs)[0].array
    np.testing.assert_array_equal(hy[0], plain[0])  # the first layer's input is not dropped
    assert not np.allclose(hy[1], plain[1])
    one_layer = F.n_step_lstm(1, 0.9, states[0][:1], states[1][:1], ws[:1], bs[:1], xs)
    np.testing.assert_array_equal(one_layer[0].array[0], plain[0])


def _lstm_call(**changes):
    states, ws, bs, xs, _ = make_args("n_step_lstm", 8, 4, True, 1, np.random.default_rng(8))
    args = {"n_layers": 1, "dropout_ratio": 0.0, "hx": states[0], "cx": states[1], "ws": ws,
            "bs": bs, "xs": xs}
    args.update({k: v(args) if callable(v) else v for k, v in changes.items()})
    return F.n_step_lstm(**args)


@pytest.mark.parametrize(("changes", "error", "arg"), [
    ({"n_layers": 0}, InvalidValueError, "n_layers"),
    ({"n_layers": 2}, InvalidValueError, "hx"),
    ({"dropout_ratio": 1.0}, InvalidValueError, "dropout_ratio"),
    ({"cx": lambda a: a["cx"][:, :1]}, InvalidValueError, "cx"),
    ({"xs": lambda a: a["xs"][::-1]}, InvalidValueError, r"xs\[1\]"),
    ({"xs": []}, InvalidTypeError, "xs"),
    ({"xs": lambda a: [a["xs"][0][:, :2]]}, InvalidValueError, r"ws\[0\]\[0\]"),
    ({"ws": lambda a: [a["ws"][0][:7]]}, InvalidTypeError, r"ws\[0\]"),
    ({"ws": lambda a: a["ws"] * 2}, InvalidTypeError, "ws"),
    ({"bs": lambda a: [a["bs"][0][:7] + [np.zeros(3)]]}, InvalidValueError, r"bs\[0\]\[7\]"),
    ({"hx": lambda a: a["hx"].astype(np.float32)}, InvalidTypeError, "cx"),
    ({"hx": None}, InvalidTypeError, "hx"),
])
def test_n_step_lstm_rejects_bad_input(changes, error, arg):
    with pytest.raises(error, match=f"n_step_lstm: argument '{arg}'"):
        _lstm_call(**changes)


def test_n_step_rnn_rejects_an_unknown_activation():
    states, ws, bs, xs, _ = make_args("n_step_rnn", 2, 1, False, 1, np.random.default_rng(9))
    with pytest.raises(InvalidValueError, match="n_step_rnn: argument 'activation'"):
        F.n_step_rnn(1, 0.0, states[0], ws, bs, xs, activation="sigmoid")
