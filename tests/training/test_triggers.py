"""Triggers: Chainer's firing sequences, fractional and unaligned epochs, resume."""

from __future__ import annotations

import io

import pytest
from training_kit import mock_trainer

from flexgrad import serializers
from flexgrad.errors import InvalidTypeError, InvalidValueError
from flexgrad.training import triggers

F_, T_ = False, True

INTERVAL_CASES = [
    # (iter_per_epoch, interval, resume, expected after each update)
    (2, (2, "iteration"), 3, [F_, T_, F_, T_, F_, T_, F_]),
    (2, (3, "iteration"), 4, [F_, F_, T_, F_, F_, T_, F_]),
    (3, (1, "epoch"), 4, [F_, F_, T_, F_, F_, T_, F_]),
    (3, (2, "epoch"), 5, [F_, F_, F_, F_, F_, T_, F_]),
    (2, (0.5, "epoch"), 3, [T_, T_, T_, T_, T_, T_, T_]),
    (2, (1.5, "epoch"), 4, [F_, F_, T_, F_, F_, T_, F_]),
    # unaligned: 2.5 iterations per epoch, epoch_detail 0.4, 0.8, 1.2, 1.6, 2.0, 2.4, 2.8
    (2.5, (1, "epoch"), 4, [F_, F_, T_, F_, T_, F_, F_]),
    (2.5, (2, "epoch"), 4, [F_, F_, F_, F_, T_, F_, F_]),
    (2.5, (1.5, "epoch"), 4, [F_, F_, F_, T_, F_, F_, F_]),
]


@pytest.mark.parametrize(("iter_per_epoch", "interval", "resume", "expected"), INTERVAL_CASES)
def test_interval_trigger_sequence(iter_per_epoch, interval, resume, expected):
    trainer = mock_trainer(iter_per_epoch=iter_per_epoch)
    trigger = triggers.IntervalTrigger(*interval)
    fired = [trigger(trainer)]  # before the first update: never
    for _ in expected:
        trainer.updater.update()
        fired.append(trigger(trainer))
    assert fired == [False, *expected]


@pytest.mark.parametrize(("iter_per_epoch", "interval", "resume", "expected"), INTERVAL_CASES)
def test_interval_trigger_resumes(iter_per_epoch, interval, resume, expected):
    trainer = mock_trainer(iter_per_epoch=iter_per_epoch)
    trigger = triggers.IntervalTrigger(*interval)
    fired = []
    for _ in expected[:resume]:
        trainer.updater.update()
        fired.append(trigger(trainer))
    buffer = io.BytesIO()
    serializers.save_npz(buffer, trigger)
    trigger = triggers.IntervalTrigger(*interval)
    serializers.load_npz(io.BytesIO(buffer.getvalue()), trigger)
    for _ in expected[resume:]:
        trainer.updater.update()
        fired.append(trigger(trainer))
    assert fired == expected


def test_interval_trigger_length_and_errors():
    assert triggers.IntervalTrigger(3, "epoch").get_training_length() == (3, "epoch")
    assert str(triggers.IntervalTrigger(3, "epoch")) == "IntervalTrigger(3, 'epoch')"
    with pytest.raises(InvalidValueError, match=r"IntervalTrigger: argument 'unit' expected "
                                                r"'epoch' or 'iteration', got 'epochs'"):
        triggers.IntervalTrigger(3, "epochs")
    with pytest.raises(InvalidValueError, match="'period' expected a positive number"):
        triggers.IntervalTrigger(0, "epoch")


def test_get_trigger_forms():
    trainer = mock_trainer()
    assert isinstance(triggers.get_trigger((10, "epoch")), triggers.IntervalTrigger)
    assert triggers.get_trigger((100, "iteration")).unit == "iteration"
    assert triggers.get_trigger(None)(trainer) is False
    func = lambda trainer: True  # noqa: E731
    assert triggers.get_trigger(func) is func
    with pytest.raises(InvalidTypeError, match=r"get_trigger: argument 'trigger' expected"):
        triggers.get_trigger(5)
    with pytest.raises(InvalidValueError, match="got 'epcoh'"):
        triggers.get_trigger((1, "epcoh"))


MANUAL_CASES = [
    # (iter_per_epoch, points, unit, expected, finished)
    (5, 2, "iteration", [F_, T_, F_, F_, F_, F_, F_], [F_, T_, T_, T_, T_, T_, T_]),
    (5, [2, 4], "iteration", [F_, T_, F_, T_, F_, F_, F_], [F_, F_, F_, T_, T_, T_, T_]),
    (2, 1, "epoch", [F_, T_, F_, F_, F_, F_, F_], [F_, T_, T_, T_, T_, T_, T_]),
    (2, [1, 2], "epoch", [F_, T_, F_, T_, F_, F_, F_], [F_, F_, F_, T_, T_, T_, T_]),
    (2, [0.5, 1.5], "epoch", [T_, F_, T_, F_, F_, F_, F_], [F_, F_, T_, T_, T_, T_, T_]),
    (2.5, [1.5, 2.5], "epoch", [F_, F_, F_, T_, F_, F_, T_], [F_, F_, F_, F_, F_, F_, T_]),
]


@pytest.mark.parametrize(("iter_per_epoch", "points", "unit", "expected", "finished"),
                         MANUAL_CASES)
@pytest.mark.parametrize("resume", [None, 3])
def test_manual_schedule_trigger(iter_per_epoch, points, unit, expected, finished, resume):
    trainer = mock_trainer(iter_per_epoch=iter_per_epoch)
    trigger = triggers.ManualScheduleTrigger(points, unit)
    fired, done = [], []
    for i in range(len(expected)):
        if i == resume:
            buffer = io.BytesIO()
            serializers.save_npz(buffer, trigger)
            trigger = triggers.ManualScheduleTrigger(points, unit)
            serializers.load_npz(io.BytesIO(buffer.getvalue()), trigger)
        trainer.updater.update()
        fired.append(trigger(trainer))
        done.append(trigger.finished)
    assert fired == expected
    assert done == finished


class _Observed:
    """A trainer stand-in whose observation the test sets before each call."""

    def __init__(self) -> None:
        self.trainer = mock_trainer(iter_per_epoch=2)

    def step(self, trigger, value):
        self.trainer.updater.update()
        self.trainer.observation = {} if value is None else {"v": value}
        return trigger(self.trainer)


@pytest.mark.parametrize(("cls", "values", "expected"), [
    # checked every 2 iterations (one epoch) on the mean of the two values
    (triggers.MaxValueTrigger, [1, 3, 2, 2, 4, 4, 0, 1], [F_, T_, F_, F_, F_, T_, F_, F_]),
    (triggers.MinValueTrigger, [1, 3, 2, 2, 4, 4, 0, 1], [F_, T_, F_, F_, F_, F_, F_, T_]),
])
def test_best_value_triggers(cls, values, expected):
    box = _Observed()
    trigger = cls("v", (1, "epoch"))
    fired = []
    for i, value in enumerate(values):
        if i == 4:  # resume half way
            buffer = io.BytesIO()
            serializers.save_npz(buffer, trigger)
            trigger = cls("v", (1, "epoch"))
            serializers.load_npz(io.BytesIO(buffer.getvalue()), trigger)
        fired.append(box.step(trigger, value))
    assert fired == expected


def test_best_value_trigger_names_a_missing_key():
    box = _Observed()
    trigger = triggers.MaxValueTrigger("v", (1, "iteration"))
    with pytest.raises(KeyError, match="'v' was not in the observation"):
        box.step(trigger, None)


def test_early_stopping_trigger():
    box = _Observed()
    trigger = triggers.EarlyStoppingTrigger(check_trigger=(1, "epoch"), monitor="v",
                                            patience=2, max_trigger=(100, "epoch"))
    # epoch means: 5, 4, 4.5, 4.5 -> two checks without improvement after the best (4)
    values = [5, 5, 4, 4, 4.5, 4.5, 4.5, 4.5]
    fired = [box.step(trigger, v) for v in values]
    assert fired == [F_] * 7 + [T_]
    assert trigger.get_training_length() == (100, "epoch")


def test_early_stopping_trigger_mode_and_max():
    assert triggers.EarlyStoppingTrigger(monitor="validation/main/accuracy").best == -float(
        "inf")
    box = _Observed()
    trigger = triggers.EarlyStoppingTrigger(monitor="v", max_trigger=(2, "iteration"))
    assert [box.step(trigger, 1.0) for _ in range(2)] == [F_, T_]
    with pytest.raises(InvalidValueError, match="'mode' expected 'auto', 'min' or 'max'"):
        triggers.EarlyStoppingTrigger(mode="best")


def test_once_trigger():
    trainer = mock_trainer()
    trigger = triggers.OnceTrigger()
    assert [trigger(trainer) for _ in range(3)] == [T_, F_, F_]
    assert trigger.finished
    buffer = io.BytesIO()
    serializers.save_npz(buffer, trigger)
    resumed = triggers.OnceTrigger(call_on_resume=True)
    serializers.load_npz(io.BytesIO(buffer.getvalue()), resumed)
    assert [resumed(trainer) for _ in range(2)] == [T_, F_]


def test_time_trigger_fires_once_per_period():
    class Clock:
        elapsed_time = 0.0

    clock, trigger = Clock(), triggers.TimeTrigger(1.0)
    fired = []
    for now in (0.5, 1.2, 1.5, 2.1, 5.0, 5.0):
        clock.elapsed_time = now
        fired.append(trigger(clock))
    assert fired == [F_, T_, F_, T_, T_, T_]  # late: it catches up one period per call
    buffer = io.BytesIO()
    serializers.save_npz(buffer, trigger)
    resumed = triggers.TimeTrigger(1.0)
    serializers.load_npz(io.BytesIO(buffer.getvalue()), resumed)
    assert resumed._next_time == trigger._next_time == 5.0
