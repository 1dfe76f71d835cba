"""A convolution that keeps its windows' matrices for the weight gradient (large inputs)
gives the gradients, first and second order, of one that makes them again."""

import numpy as np
import pytest

import flexgrad
import flexgrad.functions as F
from flexgrad.functions.connection import _convolution


def gradients(keep_min, monkeypatch, groups, stride, pad):
    monkeypatch.setattr(_convolution, "_KEEP_COLS_MIN", keep_min)
    rng = np.random.default_rng(0)
    x = flexgrad.Variable(rng.standard_normal((2, 4, 6, 5)))
    W = flexgrad.Variable(rng.standard_normal((6, 4 // groups, 3, 2)))
    b = flexgrad.Variable(rng.standard_normal(6))
    y = F.convolution_2d(x, W, b, stride=stride, pad=pad, groups=groups)
    gx, gW = flexgrad.grad([F.sum(y * y)], [x, W], enable_double_backprop=True)
    ggx, ggW = flexgrad.grad([F.sum(gW * gW)], [x, W])
    return [v.array for v in (gx, gW, ggx, ggW)]


@pytest.mark.parametrize(("groups", "stride", "pad"), [(1, 1, 0), (2, 2, 1)])
def test_kept_windows_give_the_same_gradients(monkeypatch, groups, stride, pad):
    kept = gradients(0, monkeypatch, groups, stride, pad)
    remade = gradients(10**12, monkeypatch, groups, stride, pad)
    for a, b in zip(kept, remade, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12)


def test_kept_windows_are_dropped_after_backward(monkeypatch):
    monkeypatch.setattr(_convolution, "_KEEP_COLS_MIN", 0)
    W = flexgrad.Parameter(np.ones((2, 1, 2, 2)))
    y = F.convolution_2d(np.ones((1, 1, 3, 3)), W)
    node = y.creator
    assert node._cols is not None
    F.sum(y).backward()
    assert node._cols is None
    assert F.convolution_2d(np.ones((1, 1, 3, 3)), np.ones((2, 1, 2, 2))).creator is None
