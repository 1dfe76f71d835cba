"""On a second device every array an op, a link or an optimizer makes stays there.

array_api_strict's 'device1' is not its default, and it refuses to mix devices, so an array
created without ``device=`` (landing on the default device) fails here as it would on a
second GPU. The op table sweeps every function this way (assert_backends_agree); this
file covers what the sweep does not: random draws, recurrent state, a training step.
"""

from __future__ import annotations

import numpy as np
import pytest

import flexgrad
import flexgrad.functions as F
import flexgrad.links as L
from flexgrad import Variable, backends, optimizers

pytest.importorskip("array_api_strict")
DEVICE = flexgrad.get_device("@array_api_strict:device1")


def _send(*arrays):
    return [Variable(DEVICE.send(np.asarray(a))) for a in arrays]


def _assert_on_device(what, array):
    assert backends.get_device_from_array(array) == DEVICE, f"{what} left device1"


def _x(*shape):
    return np.random.default_rng(0).standard_normal(shape).astype(np.float32)


@pytest.mark.parametrize("op", [
    lambda x: F.convolution_2d(x, Variable(DEVICE.send(_x(2, 3, 2, 2))), pad=1, stride=2),
    lambda x: F.max_pooling_2d(x, 3, stride=2, pad=1),
    lambda x: F.pad(x, 1, constant_values=2.0),
    lambda x: x[:, [0, 2, 2]],
    lambda x: F.split_axis(x, [1], axis=1)[1],
    lambda x: F.dropout(x, 0.5),
    lambda x: F.local_response_normalization(x, n=3),
    lambda x: F.maximum(x, 0.0),
], ids=["convolution_2d", "max_pooling_2d", "pad", "list index", "unused output",
        "dropout", "local_response_normalization", "maximum with a scalar"])
def test_op_and_its_gradient_stay_on_device(op):
    (x,) = _send(_x(2, 3, 5, 4))
    y = op(x)
    F.sum(y * y).backward()
    _assert_on_device("output", y.array)
    _assert_on_device("gradient", x.grad)


def test_embed_id_and_softmax_cross_entropy_stay_on_device():
    W, = _send(_x(5, 3))
    ids, t = DEVICE.send(np.array([0, 4, 4])), DEVICE.send(np.array([1, 0, 2]))
    loss = F.softmax_cross_entropy(F.embed_id(ids, W), t, class_weight=np.ones(3, np.float32))
    loss.backward()
    _assert_on_device("loss", loss.array)
    _assert_on_device("gradient", W.grad)


def test_lstm_state_starts_on_device():
    lstm = L.LSTM(3, 4)
    lstm.to_device(DEVICE)
    (x,) = _send(_x(2, 3))
    y = lstm(x)
    for what, array in [("output", y.array), ("cell", lstm.c.array)]:
        _assert_on_device(what, array)


class _Classifier(flexgrad.Chain):
    def __init__(self):
        super().__init__()
        with self.init_scope():
            self.l1 = L.Linear(4, 6)
            self.bn = L.BatchNormalization(6)
            self.l2 = L.Linear(6, 3)

    def forward(self, x):
        return self.l2(F.relu(self.bn(self.l1(x))))


def test_training_step_keeps_every_array_on_device():
    model = _Classifier()
    model.to_device(DEVICE)
    optimizer = optimizers.Adam()
    optimizer.setup(model)
    (x,) = _send(_x(8, 4))
    t = DEVICE.send(np.arange(8) % 3)
    for _ in range(2):
        model.cleargrads()
        loss = F.softmax_cross_entropy(model(x), t)
        loss.backward()
        optimizer.update()
    _assert_on_device("loss", loss.array)
    for name, param in model.namedparams():
        _assert_on_device(f"{name}", param.array)
        _assert_on_device(f"{name}'s gradient", param.grad)
        for key, value in param.update_rule.state.items():
            _assert_on_device(f"{name}'s optimizer state {key}", value)
    for name in ("avg_mean", "avg_var"):
        _assert_on_device(f"bn.{name}", getattr(model.bn, name))
