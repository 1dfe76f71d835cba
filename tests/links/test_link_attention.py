"""MultiHeadAttention against a NumPy reference, with and without a mask."""

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


def reference(att, q, kv, mask):
    def proj(link, x):
        return x @ numpy_of(link.W).T + numpy_of(link.b)

    def heads(x):
        return x.reshape(x.shape[0], x.shape[1], att.n_head, -1).transpose(0, 2, 1, 3)

    qh, kh, vh = heads(proj(att.proj_q, q)), heads(proj(att.proj_k, kv)), heads(
        proj(att.proj_v, kv))
    s = qh @ kh.transpose(0, 1, 3, 2) / np.sqrt(qh.shape[-1])
    if mask is not None:
        s = np.where(mask, s, -1e9)
    w = np.exp(s - s.max(-1, keepdims=True))
    w /= w.sum(-1, keepdims=True)
    out = (w @ vh).transpose(0, 2, 1, 3).reshape(q.shape[0], q.shape[1], -1)
    return proj(att.proj_out, out), w


RNG = np.random.default_rng(0)
Q = RNG.standard_normal((2, 3, 4)).astype(np.float32)
KV = RNG.standard_normal((2, 5, 6)).astype(np.float32)
MASK = np.tril(np.ones((3, 5), bool))


@pytest.mark.parametrize("mask", [None, MASK])
@ON_EVERY_BACKEND
def test_matches_numpy(device, mask):
    att = L.MultiHeadAttention(2, 4, k_size=6, v_size=6, initial_bias=0.1).to_device(device)
    y, w = att(device.send(Q), device.send(KV), mask=None if mask is None else device.send(
        mask), return_weights=True)
    y_ref, w_ref = reference(att, Q, KV, mask)
    np.testing.assert_allclose(numpy_of(y), y_ref, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(numpy_of(w), w_ref, rtol=1e-4, atol=1e-6)


def test_self_attention_names_and_backward():
    att = L.MultiHeadAttention(2, 4)
    F.sum(att(Q)).backward()
    assert [n for n, _ in att.namedparams()][:2] == ["/proj_q/W", "/proj_q/b"]
    assert att.proj_k.W.grad is not None and att.proj_q.W.grad is not None
    with pytest.raises(ValueError, match="n_head"):
        L.MultiHeadAttention(3, 4)
