"""Replaying a recorded forward, and the backward recorded at its first backward.

One ``StaticSubgraph`` node stands for a whole replayed call in the caller's graph: its
forward runs the recorded ``node.forward`` calls on the slots, its backward the recorded
array calls of the backward for the pattern of output gradients it is given (recorded
the first time that pattern comes, by the same traversal as ``_backprop.backward``).
"""

from __future__ import annotations

import heapq
import itertools
from typing import Any

from .._backprop import _call_backward
from .._row_sparse import RowSparse
from ..configuration import config, using_config
from ..errors import InvalidValueError
from ..function_node import FunctionNode, observers
from ..variable import _new_constant
from ._compile import ACCUMULATE, ADD, CALL, OP, compile_backward, compile_forward, inline
from ._recorder import ForwardRecorder, Recording, Step, adopt
from ._slots import is_array, node_attributes


class Schedule:
    """A confirmed recording, ready to replay."""

    def __init__(self, recording: ForwardRecorder) -> None:
        self.template: list[Any] = [None] * recording.size
        for slot, array in recording.constants.items():
            self.template[slot] = array
        self.leaves = tuple([p for _, p in recording.leaves])
        self.input_slots = recording.arg_slots + tuple([s for s, _ in recording.leaves])
        self.steps: list[Step] = recording.steps
        self.constants = frozenset(recording.constants)
        self.result = recording.result
        self.outputs = recording.outputs
        self.node_outputs = tuple([slot for kind, slot in self.outputs if kind != "same"])
        plan, made = [], itertools.count()
        for kind, slot in self.outputs:  # where each result is: an input, or a node output
            plan.append((kind, self.input_slots.index(slot) if kind == "same" else next(made)))
        self.output_plan = tuple(plan)
        self.producer = {slot: j for j, s in enumerate(self.steps) for slot in s.outs}
        self.backward: dict[tuple[bool, ...], BackwardSchedule] = {}
        self.replay = compile_forward(self)


class StaticSubgraph(FunctionNode):
    """One replayed call of a static chain: inputs are its arguments' arrays, then the
    Parameters it reads; outputs the arrays its forward returned."""

    __slots__ = ("schedule", "slots")

    def __init__(self, schedule: Schedule) -> None:
        self.schedule = schedule
        self.slots: list[Any] | None = None

    def forward(self, inputs: tuple[Any, ...]) -> tuple[Any, ...]:
        self.slots, outputs = self.schedule.replay(inputs)
        return outputs

    def backward(self, indexes, grad_outputs):
        if config.enable_backprop:
            raise InvalidValueError(
                "flexgrad.static_graph: a replayed static chain has no graph to "
                "differentiate twice; decorate it with static_graph(enable_double_backprop="
                "True) to run it define-by-run")
        if self.slots is None:
            self._raise_released()
        schedule = self.schedule
        pattern = tuple([g is not None for g in grad_outputs])
        backward = schedule.backward.get(pattern)
        if backward is None:
            backward, grads = record_backward(schedule, self.slots, grad_outputs)
            schedule.backward[pattern] = backward
        else:
            grads = backward.replay(self.slots, [g if g is None else g._data
                                                 for g in grad_outputs])
        return tuple([None if grads[i] is None else _new_constant(grads[i]) for i in indexes])

    def release(self) -> None:
        self.slots = None


class BackwardSchedule:
    """The array calls of one backward through a schedule (for one pattern of output
    gradients): ``seeds`` are the slots the output gradients go to, ``results`` the slot
    of each input's gradient (None where none flows, or the input repeats)."""

    def __init__(self, schedule: Schedule, seeds: tuple, steps: list, results: tuple) -> None:
        self.seeds, self.steps, self.results = seeds, steps, results
        self.replay = compile_backward(schedule, self, call_backward, _accumulated)


def restore(step: Step, values: Any) -> None:
    """Put one call's state back on a recorded node before its backward runs (``values``:
    the call's arrays by slot)."""
    node = step.node
    for name, slot in step.captures:
        setattr(node, name, values[slot])
    node._retained_inputs = tuple([(i, values[step.ins[i]]) for i in step.retain_in])
    node._retained_outputs = tuple([(i, values[step.outs[i]]) for i in step.retain_out])


def call_backward(step: Step, values: Any, indexes: tuple, grads: tuple) -> tuple:
    """The node's own ``backward``, define-by-run, on one call's arrays."""
    restore(step, values)
    node = step.node
    try:
        return _call_backward(node, indexes, tuple([
            None if g is None else _new_constant(values[g]) for g in grads]))
    finally:
        node._retained_inputs = node._retained_outputs = ()


def _accumulated(a: Any, b: Any) -> Any:
    from .._backprop import _accumulate

    return _accumulate(_new_constant(a), _new_constant(b))._data


class BackwardRecorder(Recording):
    """Records the array calls of one backward through a schedule.

    A node's backward is recorded op by op only where it is elementwise arithmetic (the
    ops replays write inline) on the call's arrays: define-by-run runs the same arithmetic
    on raw arrays, so the replay is bit for bit the same. Any other backward (a kernel of
    its own, arrays made outside ops) is recorded as a call of it, run as define-by-run
    runs it.
    """

    def __init__(self, values: list[Any]) -> None:
        super().__init__(values)
        self.steps: list[tuple] = []
        self.opaque = False

    def forward(self, node: FunctionNode, inputs: Any, arrays: tuple) -> tuple:
        if inline(node) is None or any(is_array(v) or isinstance(v, FunctionNode)
                                       for v in node_attributes(node).values()):
            self.opaque = True
        ins = []
        for a in arrays:
            slot = self.slot_of.get(id(a))
            if slot is None:
                self.opaque = True
            ins.append(slot)
        outputs = node.forward(arrays)
        if type(outputs) is not tuple:
            return outputs
        adopted = adopt(node, outputs)
        outs = tuple([self.new_slot(y) for y in adopted])
        self.steps.append((OP, node, tuple(ins), outs, adopted is not outputs))
        return adopted

    def accumulate(self, old: int, new: int) -> int:
        a, b = self.values[old], self.values[new]
        if type(a) is RowSparse or type(b) is RowSparse or a.dtype != b.dtype or \
                a.shape != b.shape:
            saved, observers.recorder = observers.recorder, None
            try:
                out = self.new_slot(_accumulated(a, b))
            finally:
                observers.recorder = saved
            self.steps.append((ACCUMULATE, old, new, out))
            return out
        total = a + b
        fix = type(total) is not type(a)  # NumPy turns the sum of 0-d arrays into a scalar
        if fix:
            from .. import backends

            fix = backends.backend_of(a).as_array
            total = fix(total)
        out = self.new_slot(total)
        self.steps.append((ADD, old, new, out, fix or None))
        return out

    def backward_of(self, schedule: Schedule, j: int, indexes: tuple,
                    grads: list[int | None]) -> list[int | None]:
        """Run step ``j``'s backward, recording it; the slots of its gradients."""
        mark = len(self.steps)
        self.opaque = False
        gxs = call_backward(schedule.steps[j], self.values, indexes, tuple(grads))
        found = [None if gx is None else self.slot_of.get(id(gx._data)) for gx in gxs]
        if self.opaque or any(s is None and gx is not None for s, gx in
                              zip(found, gxs, strict=True)):
            del self.steps[mark:]
            with using_config("enable_backprop", False):  # as the replays will run it
                saved, observers.recorder = observers.recorder, None
                try:
                    gxs = call_backward(schedule.steps[j], self.values, indexes, tuple(grads))
                finally:
                    observers.recorder = saved
            outs = tuple([None if gx is None else self.new_slot(gx._data) for gx in gxs])
            self.steps.append((CALL, j, indexes, tuple(grads), outs))
            return list(outs)
        return found


def record_backward(schedule: Schedule, slots: list[Any],
                    grad_outputs: tuple) -> tuple[BackwardSchedule, list]:
    """Backpropagate through one call as ``_backprop.backward`` would (nodes by rank,
    gradients summed as they arrive), recording the array calls; returns the recorded
    schedule and this call's input gradients."""
    recorder = BackwardRecorder(list(slots))
    grad_of: dict[int, int] = {}
    heap: list[tuple[int, int, int]] = []
    order = itertools.count()
    pushed: set[int] = set()

    def send(slot: int, g: int) -> None:
        old = grad_of.get(slot)
        if old is not None:
            grad_of[slot] = recorder.accumulate(old, g)
            return
        grad_of[slot] = g
        j = schedule.producer.get(slot)
        if j is not None and j not in pushed and schedule.steps[j].rank is not None:
            pushed.add(j)
            heapq.heappush(heap, (-schedule.steps[j].rank, next(order), j))

    # as in double backprop: derivatives run through ops (a backward without a graph
    # computes on raw arrays, which a recording cannot see), on constants, so no graph grows
    with using_config("enable_backprop", True), recorder:
        seeds = []
        for slot, g in zip(schedule.node_outputs, grad_outputs, strict=True):
            seed = None if g is None else recorder.new_slot(g._data)
            seeds.append(seed)
            if seed is not None:
                send(slot, seed)
        while heap:
            j = heapq.heappop(heap)[2]
            step = schedule.steps[j]
            indexes = tuple([i for i, flows in enumerate(step.grad_in) if flows])
            if not indexes:
                continue
            grads = [grad_of.get(o) for o in step.outs]
            for i, g in zip(indexes, recorder.backward_of(schedule, j, indexes, grads),
                            strict=True):
                if g is not None:
                    send(step.ins[i], g)
    for step in recorder.steps:
        if step[0] is OP:  # the arrays they kept are this call's: let them go
            step[1]._retained_inputs = step[1]._retained_outputs = step[1]._edges = ()
    seen: set[int] = set()
    results = []
    for slot in schedule.input_slots:
        results.append(None if slot in seen else grad_of.get(slot))
        seen.add(slot)
    backward = BackwardSchedule(schedule, tuple(seeds), recorder.steps, tuple(results))
    values = recorder.values
    return backward, [None if s is None else values[s] for s in results]
