"""Per-op overhead: a chain of 100 tiny elementwise ops, forward and backward.

The chain cycles ``h = F.sigmoid(F.tanh(h * w + b))`` 25 times on float32 arrays of shape
(1,), with one ``w`` and one ``b`` shared by every step (their gradients sum 25 terms), and
backpropagates from the last ``h``. With arrays this small, the time is all overhead.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

import flexgrad
import flexgrad.functions as F

N_OPS = 100
UNIT = "us per op (forward + backward)"
_STEPS = N_OPS // 4


def contenders(torch) -> dict[str, Callable[[], object]]:
    """One fwd+bwd pass of the chain per contender: the NumPy floor, flexgrad (on NumPy
    arrays, replayed by static_graph, and on torch tensors), PyTorch."""
    x = np.full((1,), 0.5, np.float32)
    w = np.full((1,), 0.9, np.float32)
    b = np.full((1,), 0.1, np.float32)
    out = {"numpy": lambda: _numpy_step(x, w, b), "flexgrad": _flexgrad_step(x, w, b),
           "flexgrad_static": _static_step(x, w, b)}
    if torch is not None:
        out["torch"] = _torch_step(torch, x, w, b)
        # flexgrad's own graph over torch tensors, against torch's autograd on the same
        out["flexgrad_torch"] = _flexgrad_step(*(torch.from_numpy(a.copy()) for a in (x, w, b)))
    return out


def _numpy_step(x, w, b):
    """The floor: the same forward, and its backward written by hand."""
    tape = []
    h = x
    for _ in range(_STEPS):
        t = np.tanh(h * w + b)
        s = 1 / (1 + np.exp(-t))
        tape.append((h, t, s))
        h = s
    g = np.ones_like(h)
    gw = gb = 0
    for h, t, s in reversed(tape):
        g = g * (s * (1 - s))
        g = g * (1 - t * t)
        gb = gb + g
        gw = gw + g * h
        g = g * w
    return gw, gb


def _flexgrad_step(x, w, b):
    x = flexgrad.Variable(x, requires_grad=False)
    w, b = flexgrad.Parameter(w), flexgrad.Parameter(b)

    def step():
        w.cleargrad()
        b.cleargrad()
        h = x
        for _ in range(_STEPS):
            h = F.sigmoid(F.tanh(h * w + b))
        h.backward()

    return step


class _Chain(flexgrad.Chain):
    """The chain as a static_graph: replayed after two recorded calls."""

    def __init__(self, w, b) -> None:
        super().__init__()
        with self.init_scope():
            self.w, self.b = flexgrad.Parameter(w), flexgrad.Parameter(b)

    @flexgrad.static_graph
    def forward(self, h):
        for _ in range(_STEPS):
            h = F.sigmoid(F.tanh(h * self.w + self.b))
        return h


def _static_step(x, w, b):
    chain = _Chain(w.copy(), b.copy())

    def step():
        chain.cleargrads()
        chain(x).backward()

    return step


def _torch_step(torch, x, w, b):
    x = torch.from_numpy(x)
    w = torch.from_numpy(w.copy()).requires_grad_()
    b = torch.from_numpy(b.copy()).requires_grad_()

    def step():
        w.grad = b.grad = None
        h = x
        for _ in range(_STEPS):
            h = torch.sigmoid(torch.tanh(h * w + b))
        h.backward()

    return step


def per_call_to_unit(seconds: float) -> float:
    """Seconds per pass of the chain to microseconds per op."""
    return seconds / N_OPS * 1e6
