"""The reporter: observers, scopes, detached values, and the summaries a log averages."""

from __future__ import annotations

import math

import numpy as np
import pytest

import flexgrad
import flexgrad.links as L
from flexgrad import serializers
from flexgrad.errors import InvalidValueError


def classifier_reporter():
    model = L.Classifier(L.Linear(3, 2))
    reporter = flexgrad.Reporter()
    reporter.add_observer("main", model)
    reporter.add_observers("main", model.namedlinks(skipself=True))
    return model, reporter


def test_classifier_reports_loss_and_accuracy_under_its_name():
    model, reporter = classifier_reporter()
    observation = {}
    with reporter.scope(observation):
        loss = model(np.ones((4, 3), np.float32), np.array([0, 1, 0, 1]))
    assert sorted(observation) == ["main/accuracy", "main/loss"]
    assert observation["main/loss"].array == loss.array
    assert observation["main/loss"].creator is None, "a report must not keep the graph"
    assert observation["main/accuracy"].array == 0.5
    assert loss.creator is not None, "the returned loss keeps its graph for backward"


def test_keep_graph_on_report_keeps_the_graph():
    model, reporter = classifier_reporter()
    observation = {}
    with flexgrad.using_config("keep_graph_on_report", True), reporter.scope(observation):
        loss = model(np.ones((1, 3), np.float32), np.array([0]))
    assert observation["main/loss"] is loss


def test_reports_go_to_the_innermost_scope_and_nowhere_without_one():
    model, reporter = classifier_reporter()
    flexgrad.report({"x": 1.0}, model)  # no reporter: ignored
    outer, inner = {}, {}
    with reporter.scope(outer):
        flexgrad.report({"x": 1.0})
        with flexgrad.report_scope(inner):
            flexgrad.report({"x": 2.0}, model.predictor)
        assert flexgrad.get_current_reporter() is reporter
    assert outer == {"x": 1.0}
    assert inner == {"main/predictor/x": 2.0}
    with pytest.raises(InvalidValueError, match="no reporter is active"):
        flexgrad.get_current_reporter()


def test_an_unregistered_observer_is_named():
    reporter = flexgrad.Reporter()
    with reporter.scope({}), pytest.raises(KeyError, match="Linear is not registered"):
        flexgrad.report({"loss": 1.0}, L.Linear(2, 2))


def test_reporter_as_context_manager_uses_its_own_observation():
    reporter = flexgrad.Reporter()
    with reporter:
        flexgrad.report({"a": 3})
    assert reporter.observation == {"a": 3}


@pytest.mark.parametrize("device", ["@numpy", "@dask", "@array_api_strict"])
def test_summary_mean_and_std_on_every_backend(device):
    send = flexgrad.get_device(device).send
    values, weights = [1.0, 2.0, 4.0], [1, 2, 1]
    summary = flexgrad.Summary()
    for value, weight in zip(values, weights, strict=True):
        summary.add(flexgrad.Variable(send(np.asarray(value, np.float64))), weight)
    mean = np.average(values, weights=weights)
    std = math.sqrt(np.average((np.asarray(values) - mean) ** 2, weights=weights))
    got_mean, got_std = summary.make_statistics()
    assert float(flexgrad.as_array(got_mean)) == pytest.approx(mean)
    assert float(flexgrad.as_array(got_std)) == pytest.approx(std)
    assert float(flexgrad.as_array(summary.compute_mean())) == pytest.approx(mean)


def test_summary_of_equal_values_has_zero_std_not_nan():
    summary = flexgrad.Summary()
    for _ in range(3):
        summary.add(np.float32(0.1))
    assert summary.make_statistics()[1] == 0.0


def test_dict_summary_skips_non_numbers_and_takes_weights():
    summary = flexgrad.DictSummary()
    summary.add({"loss": 1.0, "name": "x", "flag": True, "acc": (0.5, 3)})
    summary.add({"loss": 3.0, "acc": (1.0, 1)})
    assert summary.compute_mean() == {"loss": 2.0, "acc": pytest.approx(0.625)}
    assert summary.make_statistics()["loss.std"] == pytest.approx(1.0)


def test_dict_summary_survives_a_save_and_load(tmp_path):
    summary = flexgrad.DictSummary()
    summary.add({"main/loss": 1.0, "main/accuracy": 0.5})
    summary.add({"main/loss": 3.0})
    serializers.save_npz(tmp_path / "s.npz", summary)
    loaded = flexgrad.DictSummary()
    serializers.load_npz(tmp_path / "s.npz", loaded)
    assert loaded.compute_mean() == summary.compute_mean()
    assert loaded.make_statistics() == summary.make_statistics()
