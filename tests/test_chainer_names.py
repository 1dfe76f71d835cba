"""Names a Chainer script uses that are not a link, function or optimizer of their own:
they keep working after `import flexgrad as chainer`."""

from __future__ import annotations

import io

import numpy as np
import pytest

import flexgrad as chainer
import flexgrad.links as L
from flexgrad.errors import InvalidValueError


def test_hooks_at_their_older_home_in_chainer_optimizer():
    assert chainer.optimizer.WeightDecay is chainer.optimizer_hooks.WeightDecay
    assert chainer.optimizer.GradientClipping is chainer.optimizer_hooks.GradientClipping
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        chainer.optimizer.Nope  # noqa: B018


def test_use_cleargrads_is_accepted_and_update_still_clears():
    model = L.Classifier(L.Linear(3, 2))
    optimizer = chainer.optimizers.SGD(lr=0.1).setup(model)
    optimizer.use_cleargrads()
    x, t = np.ones((2, 3), np.float32), np.array([0, 1])
    optimizer.update(model, x, t)
    first = model.predictor.W.grad.copy()
    optimizer.update(model, x, t)
    assert not np.allclose(model.predictor.W.grad, 2 * first)


def test_adam_lr_before_the_first_step_is_a_clear_error_then_bias_corrected():
    model = L.Linear(2, 2)
    optimizer = chainer.optimizers.Adam(alpha=0.01).setup(model)
    with pytest.raises(InvalidValueError, match="t is still 0"):
        optimizer.lr  # noqa: B018
    model.W.grad = np.ones((2, 2), np.float32)
    model.b.grad = np.ones(2, np.float32)
    optimizer.update()
    assert optimizer.lr == pytest.approx(0.01 * np.sqrt(1 - 0.999) / (1 - 0.9))


def test_debug_switches():
    assert chainer.is_debug() is False
    chainer.set_debug(True)
    try:
        assert chainer.is_debug() and chainer.config.debug
    finally:
        chainer.set_debug(False)
    with chainer.using_config("debug", True):
        assert chainer.is_debug()


def test_backend_module_and_runtime_info():
    x = chainer.get_device("@dask").send(np.ones(2))
    assert chainer.backend.get_array_module(x) is chainer.get_array_module(x)
    assert chainer.backend.get_device_from_array(x) == chainer.get_device("@dask")
    out = io.StringIO()
    chainer.print_runtime_info(out)
    assert "numpy:" in out.getvalue() and "flexgrad:" in out.getvalue()


def test_gradient_check_and_assert_allclose_at_chainers_names():
    x = np.linspace(-1.0, 1.0, 5)
    chainer.gradient_check.check_backward(chainer.functions.tanh, x)
    y = chainer.get_device("@array_api_strict").send(np.ones(3))
    chainer.testing.assert_allclose(chainer.Variable(y), [1.0, 1.0, 1.00001])
    with pytest.raises(AssertionError, match="Not equal to tolerance"):
        chainer.testing.assert_allclose(y, np.zeros(3))
