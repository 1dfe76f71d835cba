"""Function hooks: callbacks around every op's forward and backward, per thread."""

from __future__ import annotations

import io
import threading

import numpy as np
import pytest

import flexgrad
import flexgrad.functions as F
from flexgrad import function_hook


class Recorder(flexgrad.FunctionHook):
    name = "Recorder"

    def __init__(self):
        self.events = []

    def added(self, function=None):
        self.events.append(("added",))

    def deleted(self, function=None):
        self.events.append(("deleted",))

    def forward_preprocess(self, function, in_data):
        self.events.append(("fwd", function.label, len(in_data)))

    def forward_postprocess(self, function, in_data):
        self.events.append(("fwd done", function.label))

    def backward_preprocess(self, function, in_data, out_grad):
        retained = tuple(a is not None for a in in_data)
        self.events.append(("bwd", function.label, retained, out_grad[0].shape))

    def backward_postprocess(self, function, in_data, out_grad):
        self.events.append(("bwd done", function.label))


def test_callbacks_come_in_order_with_the_arrays():
    x = flexgrad.Variable(np.ones((2, 3), np.float32))
    w = flexgrad.Variable(np.ones((3, 4), np.float32))
    with Recorder() as hook:
        y = F.matmul(x, w)
        y.grad = np.ones((2, 4), np.float32)
        y.backward()
    forward, backward = hook.events[1:3], [e for e in hook.events if e[0] == "bwd"]
    assert hook.events[0] == ("added",) and hook.events[-1] == ("deleted",)
    assert forward == [("fwd", "MatMul", 2), ("fwd done", "MatMul")]
    assert backward == [("bwd", "MatMul", (True, True), (2, 4))]
    assert ("bwd done", "MatMul") in hook.events


def test_no_hook_outside_the_block_or_in_other_threads():
    seen = []
    with Recorder() as hook:
        thread = threading.Thread(target=lambda: seen.append(len(function_hook.thread_hooks())))
        thread.start()
        thread.join()
    F.exp(flexgrad.Variable(np.ones(2)))
    assert seen == [0] and hook.events == [("added",), ("deleted",)]
    assert function_hook.active_count == 0


def test_the_count_is_restored_when_the_block_raises_and_names_are_unique():
    with pytest.raises(RuntimeError), Recorder():
        raise RuntimeError("boom")
    assert function_hook.active_count == 0
    with Recorder(), pytest.raises(KeyError, match="already active"), Recorder():
        pass
    assert function_hook.active_count == 0


def test_timer_hook_counts_forward_and_backward_per_op():
    x = flexgrad.Variable(np.linspace(0.0, 1.0, 5))
    with flexgrad.function_hooks.TimerHook() as timer:
        F.sum(F.tanh(x) * 2.0).backward()
    summary = timer.summary()
    assert summary["Tanh"]["occurrence"] == 2, "one forward, one backward"
    outermost = sum(t for _, t in timer.call_history)
    assert 0 < timer.total_time() <= outermost
    out = io.StringIO()
    timer.print_report(unit="ms", file=out)
    assert out.getvalue().splitlines()[0].split() == ["FunctionName", "ElapsedTime",
                                                      "Occurrence"]


def test_print_hook_describes_inputs_and_grads():
    out = io.StringIO()
    x = flexgrad.Variable(np.ones(3, np.float32))
    with flexgrad.function_hooks.PrintHook(file=out):
        F.sum(x * x).backward()
    lines = out.getvalue().splitlines()
    assert lines[0] == ("forward Mul: float32 array of shape (3,) on numpy, "
                        "float32 array of shape (3,) on numpy")
    assert any(line.startswith("backward Sum: grads float32 array of shape ()")
               for line in lines)
