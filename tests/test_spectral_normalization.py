"""SpectralNormalization: W / sigma with sigma from power iteration, on every backend."""

from __future__ import annotations

import numpy as np
import pytest

import flexgrad
import flexgrad.functions as F
import flexgrad.links as L
from flexgrad import serializers
from flexgrad.link_hooks import SpectralNormalization
from flexgrad.testing import assert_allclose

host = flexgrad.cuda.to_cpu
X = np.random.default_rng(0).standard_normal((2, 6)).astype(np.float32)


def unit(a):
    return a / (np.linalg.norm(a) + 1e-6)


@pytest.mark.parametrize("spec", ["@numpy", "@dask", "@array_api_strict", "@torch", "@jax"])
def test_output_is_the_layer_with_w_over_its_estimated_top_singular_value(spec):
    flexgrad.set_seed(0)
    layer = L.Linear(6, 5).to_device(spec).add_hook(SpectralNormalization())
    x = flexgrad.get_device(spec).send(X)
    for _ in range(40):
        u_before = host(layer.W_u)
        y = layer(x)
    w, b = host(layer.W.array), host(layer.b.array)
    v = unit(w.T @ u_before)
    u = unit(w @ v)
    sigma = u @ w @ v
    assert_allclose(host(layer.W_u), u, atol=1e-6)
    assert_allclose(y, X @ (w / sigma).T + b, atol=1e-5)
    assert sigma == pytest.approx(np.linalg.svd(w, compute_uv=False)[0], rel=1e-3)
    assert isinstance(layer.W, flexgrad.Parameter), "the parameter is back after the call"


def test_gradient_flows_through_sigma_with_u_and_v_held_constant():
    flexgrad.set_seed(1)
    layer = L.Linear(6, 5, nobias=True).add_hook(SpectralNormalization())
    u_before = host(layer.W_u)
    F.sum(layer(X) ** 2).backward()
    w = flexgrad.Variable(layer.W.array.copy())
    v = unit(layer.W.array.T @ u_before)
    u = unit(layer.W.array @ v)
    sigma = F.sum(F.matmul(u[None, :], F.matmul(w, v[:, None])))
    F.sum(F.linear(X, w / sigma) ** 2).backward()
    assert_allclose(layer.W.grad, w.grad, atol=1e-6)


def test_evaluation_leaves_u_alone_and_training_advances_it():
    layer = L.Linear(6, 5).add_hook(SpectralNormalization())
    u = host(layer.W_u).copy()
    with flexgrad.using_config("train", False):
        layer(X)
    np.testing.assert_array_equal(host(layer.W_u), u)
    layer(X)
    assert not np.array_equal(host(layer.W_u), u)


def test_u_is_saved_with_the_model_and_loaded_back(tmp_path):
    layer = L.Linear(6, 5).add_hook(SpectralNormalization())
    layer(X)
    serializers.save_npz(tmp_path / "sn.npz", layer)
    assert set(np.load(tmp_path / "sn.npz")) == {"W", "b", "W_u"}
    other = L.Linear(6, 5).add_hook(SpectralNormalization())
    serializers.load_npz(tmp_path / "sn.npz", other)
    with flexgrad.using_config("train", False):
        assert_allclose(other(X), layer(X))


def test_lazy_layers_deconvolutions_and_gamma():
    lazy = L.Linear(None, 4).add_hook(SpectralNormalization())
    assert lazy(X).shape == (2, 4) and lazy.W_u.shape == (4,)
    deconv = L.Deconvolution2D(3, 7, 2).add_hook(SpectralNormalization())
    assert deconv.W_u.shape == (7,), "a deconvolution's output axis is 1"
    assert deconv(np.ones((1, 3, 2, 2), np.float32)).shape == (1, 7, 3, 3)
    flexgrad.set_seed(2)
    scaled = L.Linear(6, 5).add_hook(SpectralNormalization(use_gamma=True, n_power_iteration=50))
    top = np.linalg.svd(scaled.W.array, compute_uv=False)[0]
    assert float(scaled.gamma.array) == pytest.approx(top, rel=1e-5)
    with flexgrad.using_config("train", False):
        assert_allclose(scaled(X), F.linear(X, scaled.W, scaled.b), atol=1e-4)
    assert "/gamma" in dict(scaled.namedparams())


def test_a_forward_that_fails_leaves_the_parameter_in_place():
    layer = L.Linear(6, 5).add_hook(SpectralNormalization())
    with pytest.raises(ValueError):
        layer(np.ones((2, 4), np.float32))
    layer(X)
    assert isinstance(layer.W, flexgrad.Parameter)


def test_misuse_is_refused_and_delete_hook_cleans_up():
    with pytest.raises(ValueError, match="not as a thread-wide"), SpectralNormalization():
        pass
    assert not flexgrad.link_hook.global_link_hooks(), "a refused hook is not left active"
    with pytest.raises(ValueError, match="no parameter 'V'"):
        L.Linear(3, 2).add_hook(SpectralNormalization(weight_name="V"))
    with pytest.raises(ValueError, match="at least 1"):
        SpectralNormalization(n_power_iteration=0)
    layer = L.Linear(6, 5).add_hook(SpectralNormalization())
    layer.delete_hook("SpectralNormalization_W")
    assert not hasattr(layer, "W_u") and layer(X).shape == (2, 5)
