"""One training step of a small convnet on 28x28 inputs, batch 64.

conv 3x3 (1 -> 32) + ReLU, conv 3x3 (32 -> 64) + ReLU, 2x2 max pooling, linear (9216 -> 10),
softmax cross entropy. Forward and backward in float32, gradients for the weights and
biases only; no update, so every step costs the same. The NumPy floor is the textbook
im2col + matrix product, written by hand; the products dominate, and the target is
within 1.2x of PyTorch (issue 14) on the CPU.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

import flexgrad
import flexgrad.functions as F

UNIT = "ms per step (forward + backward)"
BATCH, SIDE, K = 64, 28, 3
CHANNELS = (1, 32, 64)
CLASSES = 10


def contenders(torch) -> dict[str, Callable[[], object]]:
    """One fwd+bwd step per contender: the NumPy floor, flexgrad, PyTorch."""
    rng = np.random.default_rng(0)
    x = rng.standard_normal((BATCH, 1, SIDE, SIDE), dtype=np.float32)
    onehot = np.eye(CLASSES, dtype=np.float32)[rng.integers(0, CLASSES, BATCH)]
    params = []
    for c_in, c_out in zip(CHANNELS[:-1], CHANNELS[1:], strict=True):
        params.append(rng.standard_normal((c_out, c_in, K, K), dtype=np.float32)
                      / (c_in * K * K) ** 0.5)
        params.append(np.zeros((c_out,), np.float32))
    features = CHANNELS[-1] * ((SIDE - 2 * (K - 1)) // 2) ** 2
    params.append(rng.standard_normal((CLASSES, features), dtype=np.float32) / features**0.5)
    params.append(np.zeros((CLASSES,), np.float32))
    out = {
        "numpy": lambda: _numpy_step(x, onehot, params),
        "flexgrad": _flexgrad_step(x, onehot, params),
    }
    if torch is not None:
        out["torch"] = _torch_step(torch, x, onehot, params)
    return out


# -- the NumPy floor -------------------------------------------------------------------------
def _im2col(x, k):
    """(N, C, H, W) -> (C * k * k, N * oh * ow), one strided copy per kernel offset."""
    n, c, h, w = x.shape
    oh, ow = h - k + 1, w - k + 1
    col = np.empty((c, k, k, n, oh, ow), x.dtype)
    for i in range(k):
        for j in range(k):
            col[:, i, j] = x[:, :, i:i + oh, j:j + ow].transpose(1, 0, 2, 3)
    return col.reshape(c * k * k, n * oh * ow)


def _col2im(gcol, shape, k):
    """The adjoint of ``_im2col``: (C * k * k, N * oh * ow) summed into (N, C, H, W)."""
    n, c, h, w = shape
    oh, ow = h - k + 1, w - k + 1
    gcol = gcol.reshape(c, k, k, n, oh, ow)
    gx = np.zeros((n, c, h, w), gcol.dtype)
    for i in range(k):
        for j in range(k):
            gx[:, :, i:i + oh, j:j + ow] += gcol[:, i, j].transpose(1, 0, 2, 3)
    return gx


def _conv(x, W, b):
    """Valid 3x3 convolution: (N, C, H, W) -> (N, O, oh, ow), and the columns used."""
    n, _, h, w = x.shape
    col = _im2col(x, K)
    y = W.reshape(W.shape[0], -1) @ col + b[:, None]
    return y.reshape(W.shape[0], n, h - K + 1, w - K + 1).transpose(1, 0, 2, 3), col


def _conv_grads(gy, col, W):
    """Gradients of ``_conv`` for W, b and the columns, from gy (N, O, oh, ow)."""
    gy = gy.transpose(1, 0, 2, 3).reshape(W.shape[0], -1)
    return (gy @ col.T).reshape(W.shape), gy.sum(axis=1), W.reshape(W.shape[0], -1).T @ gy


def _numpy_step(x, onehot, params):
    """The floor: the same math by hand, backward included."""
    W1, b1, W2, b2, W3, b3 = params
    a1, col1 = _conv(x, W1, b1)
    h1 = np.maximum(a1, 0)
    a2, col2 = _conv(h1, W2, b2)
    h2 = np.maximum(a2, 0)
    n, c, h, w = h2.shape
    blocks = h2.reshape(n, c, h // 2, 2, w // 2, 2)
    p = blocks.max(axis=(3, 5))
    flat = p.reshape(n, -1)
    y = flat @ W3.T + b3
    m = y.max(axis=1, keepdims=True)
    e = np.exp(y - m)
    s = e.sum(axis=1, keepdims=True)
    loss = np.mean(np.log(s[:, 0]) + m[:, 0] - (y * onehot).sum(axis=1))
    gy = (e / s - onehot) / np.float32(n)
    gW3, gb3 = gy.T @ flat, gy.sum(axis=0)
    gp = (gy @ W3).reshape(p.shape)
    winner = blocks == p[:, :, :, None, :, None]  # ties are measure-zero for random inputs
    gh2 = (winner * gp[:, :, :, None, :, None]).reshape(h2.shape)
    ga2 = gh2 * (a2 > 0)
    gW2, gb2, gcol2 = _conv_grads(ga2, col2, W2)
    ga1 = _col2im(gcol2, h1.shape, K) * (a1 > 0)
    gW1, gb1, _ = _conv_grads(ga1, col1, W1)
    return loss, (gW1, gb1, gW2, gb2, gW3, gb3)


# -- flexgrad and PyTorch --------------------------------------------------------------------
def _flexgrad_step(x, onehot, params):
    params = [flexgrad.Parameter(p) for p in params]
    W1, b1, W2, b2, W3, b3 = params

    def step():
        for p in params:
            p.cleargrad()
        h = F.relu(F.convolution_2d(x, W1, b1))
        h = F.relu(F.convolution_2d(h, W2, b2))
        h = F.max_pooling_2d(h, 2)
        y = F.linear(h, W3, b3)
        loss = F.mean(F.logsumexp(y, axis=1) - F.sum(y * onehot, axis=1))
        loss.backward()

    return step


def _torch_step(torch, x, onehot, params):
    nn = torch.nn.functional
    x, onehot = torch.from_numpy(x), torch.from_numpy(onehot)
    params = [torch.from_numpy(p.copy()).requires_grad_() for p in params]
    W1, b1, W2, b2, W3, b3 = params

    def step():
        for p in params:
            p.grad = None
        h = torch.relu(nn.conv2d(x, W1, b1))
        h = torch.relu(nn.conv2d(h, W2, b2))
        h = nn.max_pool2d(h, 2)
        y = nn.linear(h.flatten(1), W3, b3)
        loss = torch.mean(torch.logsumexp(y, dim=1) - torch.sum(y * onehot, dim=1))
        loss.backward()

    return step


def per_call_to_unit(seconds: float) -> float:
    """Seconds per step to milliseconds."""
    return seconds * 1e3
