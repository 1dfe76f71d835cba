"""Hyperparameter shifts (ExponentialShift on Adam's alpha and the rest), observe_value /
observe_lr, and FailOnNonNumber."""

from __future__ import annotations

import io

import numpy as np
import pytest
from training_kit import classifier_trainer, mock_trainer

import flexgrad
from flexgrad import serializers
from flexgrad.errors import InvalidValueError
from flexgrad.training import extensions


def _alphas(trainer, shift, trigger=(1, "iteration")):
    """``optimizer.alpha`` before training and after each iteration, with ``shift``."""
    seen = []
    trainer.extend(shift, trigger=trigger)
    trainer.extend(lambda tr: seen.append(tr.updater.get_optimizer("main").alpha),
                   name="watch", call_before_training=True, priority=-200)
    trainer.run()
    return seen


def test_exponential_shift_on_adams_alpha(tmp_path):
    trainer = classifier_trainer(str(tmp_path), (6, "iteration"), alpha=0.1)
    seen = _alphas(trainer, extensions.ExponentialShift("alpha", 0.5, target=0.02),
                   trigger=(2, "iteration"))
    assert seen == pytest.approx([0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.02])
    optimizer = trainer.updater.get_optimizer("main")
    assert optimizer.hyperparam.alpha == 0.02
    rule = optimizer.target.predictor.l1.W.update_rule
    assert rule.hyperparam.alpha == 0.02  # the rules read the optimizer's hyperparameter


def test_exponential_shift_resumes_from_its_last_value(tmp_path):
    trainer = classifier_trainer(str(tmp_path), (3, "iteration"))
    shift = extensions.ExponentialShift("alpha", 0.5, init=0.2)
    _alphas(trainer, shift)
    buffer = io.BytesIO()
    serializers.save_npz(buffer, shift)
    resumed = extensions.ExponentialShift("alpha", 0.5, init=0.2)
    serializers.load_npz(io.BytesIO(buffer.getvalue()), resumed)
    seen = _alphas(classifier_trainer(str(tmp_path), (2, "iteration")), resumed)
    assert seen == pytest.approx([0.2 * 0.5 ** k for k in (3, 4, 5)])
    with pytest.raises(InvalidValueError, match="'rate' expected a non-negative number"):
        extensions.ExponentialShift("alpha", -1.0)


@pytest.mark.parametrize(("shift", "expected"), [
    (extensions.LinearShift("alpha", (1.0, 2.0), (1, 3)), [1.0, 1.0, 1.5, 2.0, 2.0]),
    (extensions.StepShift("alpha", 0.5, 2, init=1.0), [1.0, 1.0, 0.5, 0.5, 0.25]),
    (extensions.StepShift("alpha", 0.5, 1, init=1.0, target=0.3), [1.0, 0.5, 0.3, 0.3, 0.3]),
    (extensions.MultistepShift("alpha", 0.1, [2, 3], init=1.0), [1.0, 1.0, 0.1, 0.01, 0.01]),
    (extensions.InverseShift("alpha", 1.0, 1.0, init=1.0), [1.0, 0.5, 1 / 3, 0.25, 0.2]),
    (extensions.InverseShift("alpha", 1.0, -1.0, init=1.0, target=2.5),
     [1.0, 2.0, 2.5, 2.5, 2.5]),
    (extensions.PolynomialShift("alpha", 2.0, 2, init=1.0), [1.0, 0.25, 0.0, 0.0, 0.0]),
    (extensions.PolynomialShift("alpha", 1.0, 4, init=1.0, target=0.4),
     [1.0, 0.75, 0.5, 0.4, 0.4]),
    (extensions.WarmupShift("alpha", 0.0, 2, init=1.0), [0.0, 0.5, 1.0, 1.0, 1.0]),
    (extensions.WarmupShift("alpha", 0.5, 2), [0.5, 0.75, 1.0, 1.0, 1.0]),  # init: Adam's
])
def test_shift_schedules(tmp_path, shift, expected):
    trainer = classifier_trainer(str(tmp_path), (4, "iteration"), alpha=1.0)
    assert _alphas(trainer, shift) == pytest.approx(expected)


def test_observe_value_and_observe_lr(tmp_path):
    trainer = classifier_trainer(str(tmp_path), (2, "iteration"), alpha=0.1)
    trainer.extend(extensions.observe_lr(), trigger=(1, "iteration"))
    trainer.extend(extensions.observe_value("it", lambda tr: tr.updater.iteration),
                   trigger=(1, "iteration"))
    trainer.extend(extensions.LogReport(trigger=(1, "iteration")))
    trainer.run()
    log = trainer.get_extension("LogReport").log
    assert [e["it"] for e in log] == [1.0, 2.0]
    # Adam's lr is its bias-corrected step: alpha sqrt(1 - beta2^t) / (1 - beta1^t)
    expected = [0.1 * np.sqrt(1 - 0.999 ** t) / (1 - 0.9 ** t) for t in (1, 2)]
    assert [e["lr"] for e in log] == pytest.approx(expected)


def test_fail_on_nonnumber_stops_a_diverging_run(tmp_path):
    trainer = classifier_trainer(str(tmp_path), (5, "iteration"))
    model = trainer.updater.get_optimizer("main").target

    @flexgrad.training.make_extension(priority=flexgrad.training.PRIORITY_WRITER)
    def poison(tr):
        if tr.updater.iteration == 2:
            model.predictor.l2.b.array = model.predictor.l2.b.array * np.nan

    trainer.extend(poison)
    trainer.extend(extensions.FailOnNonNumber())
    with pytest.raises(RuntimeError, match=r"parameter '/predictor/l2/b' of optimizer "
                                           r"'main' is not finite") as info:
        trainer.run(show_loop_exception_msg=False)
    assert isinstance(info.value, extensions.DivergenceError)
    assert trainer.updater.iteration == 2


def test_fail_on_nonnumber_checks_gradients_and_passes_finite_runs(tmp_path):
    trainer = classifier_trainer(str(tmp_path), (3, "iteration"))
    trainer.extend(extensions.FailOnNonNumber())
    trainer.run()
    model = trainer.updater.get_optimizer("main").target
    model.predictor.l1.W.grad = np.full_like(model.predictor.l1.W.array, np.inf)
    with pytest.raises(RuntimeError, match="the gradient of '/predictor/l1/W'"):
        extensions.FailOnNonNumber()(trainer)
    extensions.FailOnNonNumber(check_grad=False)(trainer)


def test_mock_trainer_runs_shift_with_an_explicit_optimizer():
    optimizer = flexgrad.optimizers.SGD(lr=1.0)
    trainer = mock_trainer((3, "iteration"))
    trainer.extend(extensions.ExponentialShift("lr", 0.5, optimizer=optimizer))
    trainer.run()
    assert optimizer.lr == 0.125
