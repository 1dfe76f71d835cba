"""One training step of a 784-1000-1000-10 MLP (ReLU, softmax cross entropy), batch 100.

Forward and backward in float32, gradients for the weights and biases only; no update, so
every step costs the same. Here the matrix products dominate, so flexgrad should sit
within a few percent of the hand-written NumPy floor.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

import flexgrad
import flexgrad.functions as F

UNIT = "ms per step (forward + backward)"
SIZES = (784, 1000, 1000, 10)
BATCH = 100


def contenders(torch) -> dict[str, Callable[[], object]]:
    """One fwd+bwd step per contender: the NumPy floor, flexgrad (on NumPy arrays and on
    torch tensors), PyTorch."""
    rng = np.random.default_rng(0)
    x = rng.standard_normal((BATCH, SIZES[0]), dtype=np.float32)
    onehot = np.eye(SIZES[-1], dtype=np.float32)[rng.integers(0, SIZES[-1], BATCH)]
    params = []
    for n_in, n_out in zip(SIZES[:-1], SIZES[1:], strict=True):
        params.append(rng.standard_normal((n_in, n_out), dtype=np.float32) / n_in**0.5)
        params.append(np.zeros((n_out,), np.float32))
    out = {
        "numpy": lambda: _numpy_step(x, onehot, params),
        "flexgrad": _flexgrad_step(x, onehot, params),
    }
    if torch is not None:
        out["torch"] = _torch_step(torch, x, onehot, params)
        # flexgrad's own graph over torch tensors, against torch's autograd on the same
        out["flexgrad_torch"] = _flexgrad_step(x, onehot, params, torch.from_numpy)
    return out


def _numpy_step(x, onehot, params):
    """The floor: the same math by hand, backward included."""
    (W1, b1, W2, b2, W3, b3) = params
    a1 = x @ W1 + b1
    h1 = np.maximum(a1, 0)
    a2 = h1 @ W2 + b2
    h2 = np.maximum(a2, 0)
    y = h2 @ W3 + b3
    m = y.max(axis=1, keepdims=True)
    e = np.exp(y - m)
    s = e.sum(axis=1, keepdims=True)
    loss = np.mean(np.log(s[:, 0]) + m[:, 0] - (y * onehot).sum(axis=1))
    gy = (e / s - onehot) / np.float32(BATCH)
    gW3, gb3 = h2.T @ gy, gy.sum(axis=0)
    ga2 = (gy @ W3.T) * (a2 > 0)
    gW2, gb2 = h1.T @ ga2, ga2.sum(axis=0)
    ga1 = (ga2 @ W2.T) * (a1 > 0)
    gW1, gb1 = x.T @ ga1, ga1.sum(axis=0)
    return loss, (gW1, gb1, gW2, gb2, gW3, gb3)


def _flexgrad_step(x, onehot, params, array=np.asarray):
    """As a Chainer user writes it: linear layers (W is out x in), softmax cross entropy;
    ``array`` makes the arrays of the library to run on."""
    t = array(onehot.argmax(axis=1).astype(np.int32))
    x = array(x)
    params = [flexgrad.Parameter(array(p.T.copy() if p.ndim == 2 else p.copy()))
              for p in params]
    W1, b1, W2, b2, W3, b3 = params

    def step():
        for p in params:
            p.cleargrad()
        h = F.relu(F.linear(x, W1, b1))
        h = F.relu(F.linear(h, W2, b2))
        loss = F.softmax_cross_entropy(F.linear(h, W3, b3), t)
        loss.backward()

    return step


def _torch_step(torch, x, onehot, params):
    """The same with torch.nn.functional (linear, relu, cross_entropy)."""
    functional = torch.nn.functional
    t = torch.from_numpy(onehot.argmax(axis=1))
    x = torch.from_numpy(x)
    params = [torch.from_numpy(p.T.copy() if p.ndim == 2 else p.copy()).requires_grad_()
              for p in params]
    W1, b1, W2, b2, W3, b3 = params

    def step():
        for p in params:
            p.grad = None
        h = torch.relu(functional.linear(x, W1, b1))
        h = torch.relu(functional.linear(h, W2, b2))
        loss = functional.cross_entropy(functional.linear(h, W3, b3), t)
        loss.backward()

    return step


def per_call_to_unit(seconds: float) -> float:
    """Seconds per step to milliseconds."""
    return seconds * 1e3
