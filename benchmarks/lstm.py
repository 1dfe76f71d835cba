"""One training step of a PTB-sized LSTM language model, in two forms.

Vocabulary 10000, embedding and 2 LSTM layers of 650 units (Chainer's PTB example, without
dropout), batch 20, 35 steps of truncated BPTT, output projection and softmax cross
entropy averaged over the 700 tokens. Forward and backward in float32, gradients for the
parameters only; no update, and every step starts from zero states, so every step costs
the same.

- ``STEPPED``: the cells stepped in Python, with the embedding, the output projection and
  the loss per step (flexgrad: ``F.lstm``; PyTorch: ``nn.LSTMCell``).
- ``WHOLE``: the whole sequence at once, the input and output projections batched over
  time (flexgrad: ``F.n_step_lstm``; PyTorch: ``nn.LSTM``).

Each has its hand-written NumPy floor of the same form (the stepped floor accumulates the
weight gradients step by step, in place; the whole floor gathers the gate gradients of all
steps for one product per weight). All contenders compute the same loss from the same
parameters (``check()`` verifies it).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

import flexgrad
import flexgrad.functions as F

UNIT = "ms per step (forward + backward)"
VOCAB, UNITS, LAYERS, BATCH, STEPS = 10000, 650, 2, 20, 35


class _Params:
    """One set of parameters, seen in each contender's layout.

    ``wx[l]``, ``wh[l]`` (4N, N) and ``b[l]`` (4N,) hold the gates in blocks ``[a|i|f|o]``
    (the floors' layout); ``F.lstm`` reads gate ``k`` of unit ``j`` at row ``4j + k``, and
    ``F.n_step_lstm`` takes eight (N, N) matrices in Chainer's order ``i, f, a, o``.
    """

    def __init__(self) -> None:
        rng = np.random.default_rng(0)

        def uniform(*shape):
            return rng.uniform(-0.1, 0.1, shape).astype(np.float32)

        n = UNITS
        self.embed = uniform(VOCAB, n)
        self.wx = [uniform(4 * n, n) for _ in range(LAYERS)]
        self.wh = [uniform(4 * n, n) for _ in range(LAYERS)]
        self.b = [uniform(4 * n) for _ in range(LAYERS)]
        self.wo, self.bo = uniform(VOCAB, n), uniform(VOCAB)
        self.ids = rng.integers(0, VOCAB, (STEPS, BATCH))  # time-major
        self.targets = rng.integers(0, VOCAB, (STEPS, BATCH))

    @staticmethod
    def interleaved(w: np.ndarray) -> np.ndarray:
        """Rows ``[a|i|f|o]`` blocks -> Chainer's ``lstm`` layout (row 4j + k)."""
        return np.ascontiguousarray(w.reshape(4, UNITS, *w.shape[1:]).swapaxes(0, 1)
                                    .reshape(w.shape))

    @staticmethod
    def chainer_order(w: np.ndarray) -> list[np.ndarray]:
        """``[a|i|f|o]`` blocks -> the blocks ``i, f, a, o`` of Chainer's n_step_lstm."""
        a, i, f, o = (np.ascontiguousarray(p) for p in np.split(w, 4))
        return [i, f, a, o]


# -- the NumPy floors -----------------------------------------------------------------------
def _sigmoid(x):
    return np.tanh(x * 0.5) * 0.5 + 0.5


def _cell(z, c_prev):
    """One LSTM step from the gate pre-activations ``z`` ([a|i|f|o]): (h, c, kept)."""
    n = UNITS
    a = np.tanh(z[:, :n])
    s = _sigmoid(z[:, n:])
    i, f, o = s[:, :n], s[:, n:2 * n], s[:, 2 * n:]
    c = a * i + f * c_prev
    tc = np.tanh(c)
    return o * tc, c, (a, i, f, o, c_prev, tc)


def _cell_grad(kept, gh, gc):
    """(gz, gc_prev) for one step, from the gradients of its h and c."""
    a, i, f, o, c_prev, tc = kept
    n = UNITS
    g = gc + gh * o * (1 - tc * tc)
    gz = np.empty((gh.shape[0], 4 * n), gh.dtype)
    gz[:, :n] = g * i * (1 - a * a)
    gz[:, n:2 * n] = g * a * (i * (1 - i))
    gz[:, 2 * n:3 * n] = g * c_prev * (f * (1 - f))
    gz[:, 3 * n:] = gh * tc * (o * (1 - o))
    return gz, g * f


def _softmax_ce(y, t):
    """(mean loss, gradient of the summed loss w.r.t. y)."""
    m = y.max(axis=1, keepdims=True)
    e = np.exp(y - m)
    s = e.sum(axis=1, keepdims=True)
    rows = np.arange(y.shape[0])
    loss = np.mean(np.log(s[:, 0]) + m[:, 0] - y[rows, t])
    gy = e / s
    gy[rows, t] -= 1
    return loss, gy


def _numpy_stepped(p: _Params):
    zeros = np.zeros((BATCH, UNITS), np.float32)
    h, c = [zeros] * LAYERS, [zeros] * LAYERS
    loss, tape = 0.0, []
    for t in range(STEPS):
        x, kept = p.embed[p.ids[t]], []
        for l in range(LAYERS):
            z = x @ p.wx[l].T + h[l] @ p.wh[l].T + p.b[l]
            kept.append((x, h[l]))
            h[l], c[l], cell = _cell(z, c[l])
            kept[-1] += (cell,)
            x = h[l]
        step_loss, gy = _softmax_ce(x @ p.wo.T + p.bo, p.targets[t])
        loss += step_loss / STEPS
        tape.append((kept, x, gy))
    g = {name: [np.zeros_like(a) for a in getattr(p, name)] for name in ("wx", "wh", "b")}
    g_wo, g_bo, g_embed = np.zeros_like(p.wo), np.zeros_like(p.bo), np.zeros_like(p.embed)
    gh, gc = [zeros] * LAYERS, [zeros] * LAYERS
    for t in reversed(range(STEPS)):
        kept, top, gy = tape[t]
        gy *= np.float32(1 / (BATCH * STEPS))
        g_wo += gy.T @ top
        g_bo += gy.sum(axis=0)
        gx = gy @ p.wo
        for l in reversed(range(LAYERS)):
            x, h_prev, cell = kept[l]
            gz, gc[l] = _cell_grad(cell, gh[l] + gx, gc[l])
            g["wx"][l] += gz.T @ x
            g["wh"][l] += gz.T @ h_prev
            g["b"][l] += gz.sum(axis=0)
            gx, gh[l] = gz @ p.wx[l], gz @ p.wh[l]
        np.add.at(g_embed, p.ids[t], gx)
    return loss, g_embed, g, g_wo, g_bo


def _numpy_whole(p: _Params):
    zeros = np.zeros((BATCH, UNITS), np.float32)
    x = p.embed[p.ids.reshape(-1)]
    tape = []
    for l in range(LAYERS):
        xw = x @ p.wx[l].T + p.b[l]
        h, c, hs, cells = zeros, zeros, [], []
        for t in range(STEPS):
            hs.append(h)
            h, c, cell = _cell(xw[t * BATCH:(t + 1) * BATCH] + h @ p.wh[l].T, c)
            cells.append(cell)
        tape.append((x, np.concatenate(hs), cells))
        x = np.concatenate(hs[1:] + [h])
    loss, gy = _softmax_ce(x @ p.wo.T + p.bo, p.targets.reshape(-1))
    gy *= np.float32(1 / (BATCH * STEPS))
    g_wo, g_bo, gx = gy.T @ x, gy.sum(axis=0), gy @ p.wo
    g = {"wx": [None] * LAYERS, "wh": [None] * LAYERS, "b": [None] * LAYERS}
    for l in reversed(range(LAYERS)):
        x, h_prev, cells = tape[l]
        gh, gc, gzs = zeros, zeros, [None] * STEPS
        for t in reversed(range(STEPS)):
            gzs[t], gc = _cell_grad(cells[t], gx[t * BATCH:(t + 1) * BATCH] + gh, gc)
            gh = gzs[t] @ p.wh[l]
        gz = np.concatenate(gzs)
        g["wx"][l], g["wh"][l], g["b"][l] = gz.T @ x, gz.T @ h_prev, gz.sum(axis=0)
        gx = gz @ p.wx[l]
    g_embed = np.zeros_like(p.embed)
    np.add.at(g_embed, p.ids.reshape(-1), gx)
    return loss, g_embed, g, g_wo, g_bo


# -- flexgrad -------------------------------------------------------------------------------
def _flexgrad_stepped(p: _Params):
    embed, wo, bo = (flexgrad.Parameter(a) for a in (p.embed, p.wo, p.bo))
    wx = [flexgrad.Parameter(p.interleaved(w)) for w in p.wx]
    wh = [flexgrad.Parameter(p.interleaved(w)) for w in p.wh]
    b = [flexgrad.Parameter(p.interleaved(v)) for v in p.b]
    params = [embed, wo, bo, *wx, *wh, *b]
    zeros = np.zeros((BATCH, UNITS), np.float32)

    def step():
        for q in params:
            q.cleargrad()
        h, c = [zeros] * LAYERS, [zeros] * LAYERS
        loss = 0
        for t in range(STEPS):
            x = F.embed_id(p.ids[t], embed)
            for l in range(LAYERS):
                c[l], h[l] = F.lstm(c[l], F.linear(x, wx[l], b[l]) + F.linear(h[l], wh[l]))
                x = h[l]
            loss = loss + F.softmax_cross_entropy(F.linear(x, wo, bo), p.targets[t])
        loss = loss / STEPS
        loss.backward()
        return loss, embed, (wx, wh, b), wo, bo

    return step


class _StaticStep(flexgrad.Chain):
    """One time step of ``_flexgrad_stepped`` as a static_graph (states in and out)."""

    def __init__(self, p: _Params) -> None:
        super().__init__()
        with self.init_scope():
            self.embed, self.wo, self.bo = (flexgrad.Parameter(a) for a in (p.embed, p.wo, p.bo))
            for l in range(LAYERS):
                setattr(self, f"wx{l}", flexgrad.Parameter(p.interleaved(p.wx[l])))
                setattr(self, f"wh{l}", flexgrad.Parameter(p.interleaved(p.wh[l])))
                setattr(self, f"b{l}", flexgrad.Parameter(p.interleaved(p.b[l])))

    @flexgrad.static_graph
    def forward(self, ids, targets, c, h):
        x, c, h = self.embed_id(ids), list(c), list(h)
        for l in range(LAYERS):
            z = F.linear(x, self[f"wx{l}"], self[f"b{l}"]) + F.linear(h[l], self[f"wh{l}"])
            c[l], h[l] = F.lstm(c[l], z)
            x = h[l]
        return F.softmax_cross_entropy(F.linear(x, self.wo, self.bo), targets), c, h

    def embed_id(self, ids):
        return F.embed_id(ids, self.embed)


def _flexgrad_stepped_static(p: _Params):
    model = _StaticStep(p)
    zeros = np.zeros((BATCH, UNITS), np.float32)

    def step():
        model.cleargrads()
        h, c = [zeros] * LAYERS, [zeros] * LAYERS
        loss = 0
        for t in range(STEPS):
            step_loss, c, h = model(p.ids[t], p.targets[t], c, h)
            loss = loss + step_loss
        loss = loss / STEPS
        loss.backward()
        return loss, model.embed, None, model.wo, model.bo

    return step


def _flexgrad_whole(p: _Params):
    embed, wo, bo = (flexgrad.Parameter(a) for a in (p.embed, p.wo, p.bo))
    ws = [[flexgrad.Parameter(w) for w in p.chainer_order(p.wx[l]) + p.chainer_order(p.wh[l])]
          for l in range(LAYERS)]
    bs = [[flexgrad.Parameter(v) for v in p.chainer_order(p.b[l])]
          + [flexgrad.Parameter(np.zeros(UNITS, np.float32)) for _ in range(4)]
          for l in range(LAYERS)]
    params = [embed, wo, bo, *(q for w in ws + bs for q in w)]
    zeros = np.zeros((LAYERS, BATCH, UNITS), np.float32)

    def step():
        for q in params:
            q.cleargrad()
        xs = F.split_axis(F.embed_id(p.ids.reshape(-1), embed), STEPS, axis=0)
        _, _, ys = F.n_step_lstm(LAYERS, 0.0, zeros, zeros, ws, bs, xs)
        y = F.linear(F.concat(ys, axis=0), wo, bo)
        loss = F.softmax_cross_entropy(y, p.targets.reshape(-1))
        loss.backward()
        return loss, embed, (ws, bs), wo, bo

    return step


# -- PyTorch --------------------------------------------------------------------------------
def _torch_modules(torch, p: _Params, cells: bool):
    """Embedding, the LSTM layers (LSTMCells or one nn.LSTM), output Linear, with the same
    parameters (PyTorch's gate blocks are ``[i|f|g|o]``)."""
    nn = torch.nn
    n = UNITS
    emb, out = nn.Embedding(VOCAB, n), nn.Linear(n, VOCAB)
    layers = [nn.LSTMCell(n, n) for _ in range(LAYERS)] if cells else [nn.LSTM(n, n, LAYERS)]
    with torch.no_grad():
        emb.weight.copy_(torch.from_numpy(p.embed))
        out.weight.copy_(torch.from_numpy(p.wo))
        out.bias.copy_(torch.from_numpy(p.bo))
        for l in range(LAYERS):
            suffix, owner = ("", layers[l]) if cells else (f"_l{l}", layers[0])
            for name, w in (("weight_ih", p.wx[l]), ("weight_hh", p.wh[l]), ("bias_ih", p.b[l])):
                i, f, a, o = p.chainer_order(w)
                getattr(owner, name + suffix).copy_(torch.from_numpy(np.concatenate([i, f, a, o])))
            getattr(owner, "bias_hh" + suffix).zero_()
    return emb, layers, out


def _torch_stepped(torch, p: _Params):
    emb, cells, out = _torch_modules(torch, p, cells=True)
    params = [q for m in (emb, *cells, out) for q in m.parameters()]
    ids, targets = torch.from_numpy(p.ids), torch.from_numpy(p.targets)
    zeros = torch.zeros(BATCH, UNITS)

    def step():
        for q in params:
            q.grad = None
        h, c = [zeros] * LAYERS, [zeros] * LAYERS
        loss = 0
        for t in range(STEPS):
            x = emb(ids[t])
            for l in range(LAYERS):
                h[l], c[l] = cells[l](x, (h[l], c[l]))
                x = h[l]
            loss = loss + torch.nn.functional.cross_entropy(out(x), targets[t])
        loss = loss / STEPS
        loss.backward()
        return loss

    return step


def _torch_whole(torch, p: _Params):
    emb, (lstm,), out = _torch_modules(torch, p, cells=False)
    params = [q for m in (emb, lstm, out) for q in m.parameters()]
    ids, targets = torch.from_numpy(p.ids), torch.from_numpy(p.targets).reshape(-1)
    zeros = torch.zeros(LAYERS, BATCH, UNITS)

    def step():
        for q in params:
            q.grad = None
        ys, _ = lstm(emb(ids), (zeros, zeros))
        loss = torch.nn.functional.cross_entropy(out(ys.reshape(-1, UNITS)), targets)
        loss.backward()
        return loss

    return step


# -- the two forms, as the runner sees them ---------------------------------------------------
class _Form:
    """A benchmark for ``run.py``: ``contenders(torch)``, ``UNIT``, ``per_call_to_unit``."""

    UNIT = UNIT

    def __init__(self, floor: Callable, ours: Callable, torch_step: Callable,
                 static: Callable | None = None) -> None:
        self.floor, self.ours, self.torch_step = floor, ours, torch_step
        self.static = static

    def contenders(self, torch) -> dict[str, Callable[[], object]]:
        """One fwd+bwd step per contender: the NumPy floor, flexgrad (and replayed by
        static_graph), PyTorch."""
        p = _Params()
        out = {"numpy": lambda: self.floor(p), "flexgrad": self.ours(p)}
        if self.static is not None:
            out["flexgrad_static"] = self.static(p)
        if torch is not None:
            out["torch"] = self.torch_step(torch, p)
        return out

    @staticmethod
    def per_call_to_unit(seconds: float) -> float:
        """Seconds per step to milliseconds."""
        return seconds * 1e3


STEPPED = _Form(_numpy_stepped, _flexgrad_stepped, _torch_stepped, _flexgrad_stepped_static)
WHOLE = _Form(_numpy_whole, _flexgrad_whole, _torch_whole)


def check(torch=None) -> None:
    """Assert that every contender of both forms computes the floors' loss and gradients."""
    p = _Params()
    expected = _numpy_whole(p)
    for form in (STEPPED, WHOLE):
        got = form.floor(p)
        _close(got[0], expected[0])
        for a, b in zip(_flat(got[1:]), _flat(expected[1:]), strict=True):
            _close(a, b)
        for ours in (form.ours, form.static) if form.static else (form.ours,):
            run = ours(p)
            for _ in range(3):  # static_graph: two recorded steps, then a replay
                loss, embed, _, wo, bo = run()
            _close(loss.array, expected[0])
            for a, b in ((embed.grad, expected[1]), (wo.grad, expected[3]),
                         (bo.grad, expected[4])):
                _close(a, b)
        if torch is not None:
            _close(form.torch_step(torch, p)().item(), expected[0])


def _flat(grads):
    g_embed, g, g_wo, g_bo = grads
    return [g_embed, *g["wx"], *g["wh"], *g["b"], g_wo, g_bo]


def _close(a, b) -> None:
    np.testing.assert_allclose(np.asarray(a, np.float64), np.asarray(b, np.float64),
                               rtol=2e-3, atol=2e-6)


if __name__ == "__main__":
    try:
        import torch as _torch
    except ImportError:
        _torch = None
    check(_torch)
    print("every contender computes the same loss and gradients")
