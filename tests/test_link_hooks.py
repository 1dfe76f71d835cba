"""Link hooks: per-link and thread-wide registration, the callbacks' arguments, TimerHook."""

from __future__ import annotations

import io
import threading

import numpy as np
import pytest

import flexgrad
import flexgrad.links as L


class Recorder(flexgrad.LinkHook):
    name = "Recorder"

    def __init__(self):
        self.events = []

    def added(self, link):
        self.events.append(("added", link))

    def deleted(self, link):
        self.events.append(("deleted", link))

    def forward_preprocess(self, args):
        self.events.append(("pre", type(args.link).__name__, args.forward_name, len(args.args)))

    def forward_postprocess(self, args):
        self.events.append(("post", type(args.link).__name__, tuple(args.out.shape)))


X = np.ones((2, 3), np.float32)


def test_a_local_hook_sees_only_its_link():
    model = flexgrad.Sequential(L.Linear(3, 4), L.Linear(4, 2))
    hook = Recorder()
    assert model[1].add_hook(hook) is model[1]
    model(X)
    assert hook.events == [("added", model[1]), ("pre", "Linear", "forward", 1),
                           ("post", "Linear", (2, 2))]
    assert list(model[1].local_link_hooks) == ["Recorder"]
    model[1].delete_hook("Recorder")
    model(X)
    assert hook.events[-1] == ("deleted", model[1])


def test_a_with_block_hooks_every_link_called_inside_it():
    model = L.Classifier(L.Linear(3, 2))
    with Recorder() as hook:
        model(X, np.array([0, 1]))
    model(X, np.array([0, 1]))  # after the block: no more events
    assert [e[:2] for e in hook.events] == [
        ("added", None), ("pre", "Classifier"), ("pre", "Linear"), ("post", "Linear"),
        ("post", "Classifier"), ("deleted", None)]


def test_hooks_are_per_thread():
    seen = []

    def other_thread():
        seen.append(dict(flexgrad.link_hook.global_link_hooks()))

    with Recorder():
        thread = threading.Thread(target=other_thread)
        thread.start()
        thread.join()
    assert seen == [{}]


def test_duplicate_names_and_bad_hooks_are_refused():
    link = L.Linear(3, 2)
    link.add_hook(Recorder())
    with pytest.raises(KeyError, match="already registered"):
        link.add_hook(Recorder())
    link.add_hook(Recorder(), name="second")
    with pytest.raises(KeyError, match="no hook named 'third'"):
        link.delete_hook("third")
    with pytest.raises(TypeError, match="must be a LinkHook"):
        link.add_hook(print)
    with Recorder(), pytest.raises(KeyError, match="already active"), Recorder():
        pass


def test_copies_start_without_hooks():
    link = L.Linear(3, 2).add_hook(Recorder())
    assert not link.copy("share").local_link_hooks
    assert not link.copy("copy").local_link_hooks
    assert list(link.local_link_hooks) == ["Recorder"]


def test_timer_hook_summarizes_by_link_class_and_does_not_double_count():
    model = flexgrad.Sequential(L.Linear(3, 4), L.Linear(4, 2))
    with flexgrad.link_hooks.TimerHook() as timer:
        model(X)
        model(X)
    summary = timer.summary()
    assert summary["Linear"]["occurrence"] == 4 and summary["Sequential"]["occurrence"] == 2
    assert timer.total_time() == pytest.approx(summary["Sequential"]["elapsed_time"])
    out = io.StringIO()
    timer.print_report(unit="us", file=out)
    lines = out.getvalue().splitlines()
    assert lines[0].split() == ["LinkName", "ElapsedTime", "Occurrence"]
    assert lines[1].split()[0] == "Linear" and lines[1].split()[1].endswith("us")
    with pytest.raises(ValueError, match="unit must be"):
        timer.print_report(unit="hours")
