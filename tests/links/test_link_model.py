"""Classifier, and a Chainer-style model of the core links trained one step on every
backend with the same losses and gradients for the same seed."""

from __future__ import annotations

import numpy as np
import pytest

import flexgrad
import flexgrad.functions as F
import flexgrad.links as L
from conftest import numpy_of


def test_classifier_keeps_loss_accuracy_and_prediction():
    model = L.Classifier(L.Linear(3, 2))
    x = np.array([[1.0, 0.0, 2.0], [0.0, 1.0, -1.0]], np.float32)
    t = np.array([0, 1])
    loss = model(x, t)
    y = model.predictor(x)
    np.testing.assert_allclose(loss.array, F.softmax_cross_entropy(y, t).array, rtol=1e-6)
    np.testing.assert_allclose(model.accuracy.array, F.accuracy(y, t).array)
    np.testing.assert_allclose(model.y.array, y.array)
    assert [n for n, _ in model.namedparams()] == ["/predictor/W", "/predictor/b"]


def test_classifier_label_key_and_no_accuracy():
    model = L.Classifier(L.Linear(3, 2), lossfun=F.softmax_cross_entropy, label_key="t")
    model.compute_accuracy = False
    model(np.ones((1, 3), np.float32), t=np.array([1]))
    assert model.accuracy is None and model.loss is not None
    with pytest.raises(ValueError, match="label_key"):
        model(np.ones((1, 3), np.float32))
    with pytest.raises(TypeError, match="label_key"):
        L.Classifier(L.Linear(3, 2), label_key=1.5)


class Net(flexgrad.Chain):
    """Convolution, batch normalization, an embedding read by an LSTM, and a lazy Linear."""

    def __init__(self):
        super().__init__()
        with self.init_scope():
            self.conv = L.Convolution2D(1, 2, 3, pad=1)
            self.bn = L.BatchNormalization(2)
            self.embed = L.EmbedID(6, 4)
            self.lstm = L.LSTM(4, 3)
            self.out = L.Linear(None, 3)

    def forward(self, img, ids):
        h = F.relu(self.bn(self.conv(img)))
        self.lstm.reset_state()
        for step in range(ids.shape[1]):
            s = self.lstm(self.embed(ids[:, step]))
        return self.out(F.concat([F.reshape(h, (h.shape[0], -1)), s], axis=1))


def run(spec):
    device = flexgrad.get_device(spec)
    flexgrad.set_seed(0)
    model = L.Classifier(Net()).to_device(device)
    rng = np.random.default_rng(1)
    img = device.send(rng.standard_normal((4, 1, 4, 4)).astype(np.float32))
    ids = device.send(rng.integers(0, 6, (4, 3)).astype(np.int32))
    t = device.send(np.array([0, 2, 1, 2], np.int32))
    loss = model(img, ids, t)
    model.cleargrads()
    loss.backward()
    grads = {name: numpy_of(p.grad) for name, p in model.namedparams()}
    return float(numpy_of(loss)), grads, numpy_of(model.predictor.bn.avg_var)


def test_core_model_agrees_on_every_backend():
    loss, grads, avg_var = run("@numpy")
    assert sorted(grads) == sorted(
        f"/predictor/{name}" for name in ("conv/W", "conv/b", "bn/gamma", "bn/beta",
                                          "embed/W", "lstm/upward/W", "lstm/upward/b",
                                          "lstm/lateral/W", "out/W", "out/b"))
    for spec in ("@dask", "@array_api_strict"):
        other_loss, other_grads, other_var = run(spec)
        assert other_loss == pytest.approx(loss, rel=1e-5)
        for name, grad in grads.items():
            np.testing.assert_allclose(other_grads[name], grad, rtol=1e-4, atol=1e-6,
                                       err_msg=f"{spec} {name}")
        np.testing.assert_allclose(other_var, avg_var, rtol=1e-5)


@pytest.mark.parametrize("spec", ["@numpy", "@dask"])
def test_core_model_saved_and_loaded_gives_identical_outputs(tmp_path, spec):
    device = flexgrad.get_device(spec)
    rng = np.random.default_rng(3)
    img = device.send(rng.standard_normal((2, 1, 4, 4)).astype(np.float32))
    ids = device.send(rng.integers(0, 6, (2, 3)).astype(np.int32))
    flexgrad.set_seed(0)
    model = Net().to_device(device)
    model(img, ids)  # sizes the lazy Linear and moves BatchNormalization's statistics
    flexgrad.serializers.save_npz(tmp_path / "net.npz", model)
    flexgrad.set_seed(1)
    other = Net().to_device(device)
    other(img, ids)
    flexgrad.serializers.load_npz(tmp_path / "net.npz", other)
    with flexgrad.using_config("train", False):
        np.testing.assert_array_equal(numpy_of(other(img, ids)), numpy_of(model(img, ids)))
    np.testing.assert_array_equal(numpy_of(other.bn.avg_mean), numpy_of(model.bn.avg_mean))


OPTIMIZERS = ["SGD", "MomentumSGD", "CorrectedMomentumSGD", "NesterovAG", "AdaGrad",
              "AdaDelta", "RMSprop", "RMSpropGraves", "Adam", "AdamW", "AMSGrad", "AdaBound",
              "AMSBound"]


def train(spec, name, steps=3):
    """The Classifier over Net trained ``steps`` updates by optimizer ``name`` on ``spec``."""
    device = flexgrad.get_device(spec)
    flexgrad.set_seed(0)
    model = L.Classifier(Net()).to_device(device)
    rng = np.random.default_rng(1)
    img = device.send(rng.standard_normal((4, 1, 4, 4)).astype(np.float32))
    ids = device.send(rng.integers(0, 6, (4, 3)).astype(np.int32))
    t = device.send(np.array([0, 2, 1, 2], np.int32))
    model(img, ids, t)  # sizes the lazy Linear before the optimizer sees the parameters
    optimizer = getattr(flexgrad.optimizers, name)().setup(model)
    losses = []
    for _ in range(steps):
        optimizer.update(model, img, ids, t)
        losses.append(float(numpy_of(model.loss)))
    return losses, numpy_of(model.predictor.out.W)


@pytest.mark.parametrize("name", OPTIMIZERS)
def test_core_model_trains_alike_on_numpy_and_array_api_strict(name):
    losses, W = train("@numpy", name)
    assert losses[-1] < losses[0]
    strict_losses, strict_W = train("@array_api_strict", name)
    np.testing.assert_allclose(strict_losses, losses, rtol=1e-4)
    np.testing.assert_allclose(strict_W, W, rtol=1e-3, atol=1e-5)


# Dask: every optimizer, two steps each (a lazy step of this model costs about a second;
# Optimizer.update persists all parameters and states in one call).
@pytest.mark.parametrize("name", OPTIMIZERS)
def test_core_model_trains_alike_on_dask(name):
    losses, W = train("@numpy", name, steps=2)
    dask_losses, dask_W = train("@dask", name, steps=2)
    np.testing.assert_allclose(dask_losses, losses, rtol=1e-4)
    np.testing.assert_allclose(dask_W, W, rtol=1e-3, atol=1e-5)
