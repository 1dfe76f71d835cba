"""Optimizers on real links: training across backends, to_device, save_npz/load_npz."""

from __future__ import annotations

import numpy as np
import pytest
from optim_kit import BACKENDS, send, to_numpy

import flexgrad
from flexgrad import functions as F
from flexgrad import optimizers as O
from flexgrad import serializers

RNG = np.random.default_rng(2)
W0 = RNG.normal(size=(3, 2)).astype(np.float32)
B0 = RNG.normal(size=(2,)).astype(np.float32)
X = RNG.normal(size=(4, 3)).astype(np.float32)
T = RNG.normal(size=(4, 2)).astype(np.float32)


class Affine(flexgrad.Chain):
    """``x @ W + l1.b`` with the bias in a child link, so paths are nested."""

    def __init__(self, spec="@numpy"):
        super().__init__()
        child = flexgrad.Link()
        with child.init_scope():
            child.b = flexgrad.Parameter(send(B0, spec))
        with self.init_scope():
            self.W = flexgrad.Parameter(send(W0, spec))
            self.l1 = child

    def forward(self, x):
        return F.matmul(x, self.W) + F.broadcast_to(self.l1.b, (x.shape[0], 2))


def lossfun(model, x, t):
    diff = model(x) - t
    return F.sum(diff * diff)


def train(model, opt, steps, spec):
    x, t = send(X, spec), send(T, spec)
    for _ in range(steps):
        opt.update(lossfun, model, x, t)


def arrays(model):
    return {name: to_numpy(p.array) for name, p in model.namedparams()}


OPTIMIZERS = [O.SGD, O.MomentumSGD, O.AdaDelta, O.RMSpropGraves, O.Adam, O.AMSBound]


@pytest.mark.parametrize("cls", OPTIMIZERS)
def test_training_agrees_across_backends(cls):
    results = []
    for spec in BACKENDS:
        model = Affine(spec)
        train(model, cls().setup(model), 3, spec)
        results.append(arrays(model))
    for other in results[1:]:
        for name in results[0]:
            np.testing.assert_allclose(other[name], results[0][name], rtol=1e-5, atol=1e-6)
    assert not np.allclose(results[0]["/W"], W0)


def test_training_lowers_the_loss():
    model = Affine()
    opt = O.Adam(alpha=0.05).setup(model)
    first = float(lossfun(model, X, T).array)
    train(model, opt, 30, "@numpy")
    assert float(lossfun(model, X, T).array) < 0.5 * first


@pytest.mark.parametrize("target", ["@dask", pytest.param("@cupy:0", marks=pytest.mark.gpu)])
def test_state_moves_with_to_device(target):
    reference, moved = Affine(), Affine()
    ref_opt, opt = O.Adam(alpha=0.1).setup(reference), O.Adam(alpha=0.1).setup(moved)
    train(reference, ref_opt, 4, "@numpy")
    train(moved, opt, 2, "@numpy")
    moved.to_device(target)
    train(moved, opt, 2, target)
    device = flexgrad.get_device(target)
    for param in moved.params():
        assert all(flexgrad.get_device_from_array(v) == device
                   for v in param.update_rule.state.values())
    for name, value in arrays(reference).items():
        np.testing.assert_allclose(arrays(moved)[name], value, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("spec", ["@dask", "@array_api_strict", "@torch", "@jax"])
def test_save_and_load_with_npz_then_continue_identically(tmp_path, spec):
    model = Affine()
    opt = O.Adam(alpha=0.1, amsgrad=True).setup(model)
    train(model, opt, 2, "@numpy")
    opt.new_epoch()
    serializers.save_npz(tmp_path / "model.npz", model)
    serializers.save_npz(tmp_path / "opt.npz", opt)
    keys = set(np.load(tmp_path / "opt.npz").files)
    assert {"t", "epoch", "W/t", "W/m", "W/v", "W/vhat", "l1/b/m"} <= keys

    loaded = Affine(spec)
    loaded_opt = O.Adam(alpha=0.1, amsgrad=True).setup(loaded)
    serializers.load_npz(tmp_path / "model.npz", loaded)
    serializers.load_npz(tmp_path / "opt.npz", loaded_opt)
    assert (loaded_opt.t, loaded_opt.epoch, loaded.W.update_rule.t) == (2, 1, 2)
    train(model, opt, 2, "@numpy")
    train(loaded, loaded_opt, 2, spec)
    for name, value in arrays(model).items():
        np.testing.assert_allclose(arrays(loaded)[name], value, rtol=1e-5, atol=1e-6)


def test_loading_state_of_another_optimizer_is_refused(tmp_path):
    model = Affine()
    opt = O.SGD().setup(model)
    train(model, opt, 1, "@numpy")
    serializers.save_npz(tmp_path / "sgd.npz", opt)
    with pytest.raises(flexgrad.errors.FlexgradError, match="W/m"):
        serializers.load_npz(tmp_path / "sgd.npz", O.Adam().setup(Affine()))


def test_lazily_initialized_parameter_is_updated_once_it_exists():
    model = flexgrad.Chain()
    with model.init_scope():
        model.W = flexgrad.Parameter(flexgrad.initializers.Constant(1.0))
    opt = O.MomentumSGD(lr=0.5).setup(model)
    opt.update()  # nothing to update yet
    model.W.initialize((2,))
    model.W.grad = np.ones(2, dtype=np.float32)
    opt.update()
    np.testing.assert_allclose(model.W.array, [0.5, 0.5])
