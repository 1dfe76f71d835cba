"""Recording a static chain's forward: every op's node, which slots it reads and writes,
and where each slot's array comes from (an argument, a Parameter, a constant, an op).

Arrays are told apart by identity: every array the recording sees stays alive in
``values`` until it ends, so an ``id`` is never reused while it runs.
"""

from __future__ import annotations

import copy
import threading
import weakref
from typing import Any, TypeVar

from .. import function_hook
from ..configuration import no_backprop_mode
from ..function_node import FunctionNode, observers
from ..variable import Parameter, Variable
from . import _tree
from ._slots import is_array, node_attributes, same_value

UNSET = object()  # an attribute not set


class _Gone:
    pass


_DEAD = weakref.ref(_Gone())  # an output reference that is already dead


_R = TypeVar("_R", bound="Recording")


class Slots:
    """Numbered places for the arrays a recording sees, found again by identity."""

    def __init__(self, values: list[Any] | None = None) -> None:
        self.values: list[Any] = [] if values is None else values
        self.slot_of: dict[int, int] = {
            id(v): i for i, v in enumerate(self.values) if v is not None}

    def new_slot(self, value: Any) -> int:
        self.values.append(value)
        if is_array(value):
            self.slot_of[id(value)] = len(self.values) - 1
        return len(self.values) - 1


class Recording(Slots):
    """Slots that observe the ops run while the recording is entered (as a function hook
    would: an op pays for the observer only while one is active)."""

    def __enter__(self: _R) -> _R:
        self._saved = observers.recorder
        observers.recorder = self
        function_hook.active_count += 1
        return self

    def __exit__(self, *exc_info: Any) -> None:
        observers.recorder = self._saved
        function_hook.active_count -= 1


class Step:
    """One recorded op: ``node.forward`` reads ``ins`` and writes ``outs``.

    ``refresh``: attributes set before forward to the array of a slot; ``captures``:
    attributes forward set, kept per call in slots (backward may read them), and
    ``resets`` their values before it (forward may look at them: a mask drawn once);
    ``settings`` and ``constants``: the node's other attributes, compared across recordings.
    """

    __slots__ = ("node", "ins", "outs", "refresh", "captures", "resets", "adopt", "settings",
                 "constants", "grad_in", "rank", "retain_in", "retain_out")

    def __init__(self, node: Any, ins: tuple, outs: tuple, refresh: tuple, captures: tuple,
                 adopt: bool, settings: dict, constants: dict, resets: tuple = ()) -> None:
        self.node, self.ins, self.outs = node, ins, outs
        self.refresh, self.captures, self.resets = refresh, captures, resets
        self.adopt, self.settings, self.constants = adopt, settings, constants
        self.grad_in: tuple[bool, ...] = ()
        self.rank: int | None = None
        self.retain_in: tuple[int, ...] = ()
        self.retain_out: tuple[int, ...] = ()

    def same_as(self, other: Step) -> bool:
        return (type(self.node) is type(other.node) and self.ins == other.ins
                and self.outs == other.outs and self.refresh == other.refresh
                and self.captures == other.captures and self.adopt == other.adopt
                and self.grad_in == other.grad_in and self.retain_in == other.retain_in
                and self.retain_out == other.retain_out
                and same_value(self.settings, other.settings)
                and same_value(self.constants, other.constants))

    def finish(self) -> None:
        """Keep what backward needs from the node, then swap in a copy of it: the
        original belongs to the caller's graph, which replays must not disturb."""
        node = self.node
        edges = getattr(node, "_edges", None)
        if edges is not None:
            self.grad_in = tuple([e is not None for e in edges])
            self.rank = node.rank
            self.retain_in = tuple(_indexes(node._retained_inputs))
            self.retain_out = tuple(_indexes(node._retained_outputs))
        clone = copy.copy(node)
        # a Parameter stays an edge: a backward may ask whether an input is a leaf (an
        # embedding's gradient stays row-sparse only for one)
        clone._edges = tuple([e if isinstance(e, Parameter) else None
                              for e in edges or (None,) * len(self.ins)])
        clone._outputs = (_DEAD,) * len(self.outs)
        clone._retained_inputs = clone._retained_outputs = ()
        self.node = clone


def _indexes(retained: Any) -> list[int]:
    return [r[0] if type(r) is tuple else r for r in retained]


class CodeCall:
    """A ``static_code`` function as a step: run on every call, its arrays become slots,
    and any other value it returns must equal the recorded one (else the schedule is
    stale and the chain records again)."""

    def __init__(self, fn: Any, skeleton: Any, as_variable: tuple[bool, ...],
                 result: Any) -> None:
        self.fn, self.skeleton, self.as_variable, self.result = fn, skeleton, as_variable, result

    def forward(self, arrays: tuple[Any, ...]) -> tuple[Any, ...]:
        from ..variable import _new_constant

        items = [_new_constant(a) if v else a for a, v in
                 zip(arrays, self.as_variable, strict=True)]
        args, kwargs = _tree.fill(self.skeleton, items)
        with no_backprop_mode():
            out = self.fn(*args, **kwargs)
        ran.results.append((self.fn, out))
        found: list[Any] = []
        if not same_value(_tree.flatten(out, found), self.result):
            raise StaleSchedule(f"static_code {self.fn.__name__} returned another value")
        return tuple([_array(x) for x in found])


class _Ran(threading.local):
    results: list = []  # (function, result) of each static_code run by the current replay


ran = _Ran()


class StaleSchedule(Exception):  # noqa: N818 (a signal, caught by static_graph)
    """A replay met a static_code result other than the recorded one; the recording that
    follows takes the results of the static_code calls that already ran (once each)."""


def _array(x: Any) -> Any:
    return x._data if isinstance(x, Variable) else x


class ForwardRecorder(Recording):
    """Records the ops of one eager run of a static chain's forward (``with`` it)."""

    def __init__(self, items: list[Any], ran_before: list | None = None) -> None:
        super().__init__()
        self.ran_before = list(ran_before or ())
        self.var_slot: dict[int, int] = {}
        self.made_by: dict[int, tuple[int, ...]] = {}  # id(node) -> its output slots
        self.leaves: list[tuple[int, Parameter]] = []
        self.constants: dict[int, Any] = {}
        self.steps: list[Step] = []
        self.unsupported: str | None = None
        self.arg_slots = tuple([self._argument(x) for x in items])
        self.outputs: tuple[Any, ...] = ()
        self.size = 0

    def _argument(self, x: Any) -> int:
        key = id(x)
        if key in self.var_slot:
            return self.var_slot[key]
        slot = self.slot_of.get(id(_array(x)))
        if slot is None:
            slot = self.new_slot(_array(x))
        if isinstance(x, Variable):
            self.var_slot[key] = slot
        return slot

    def _input(self, x: Any, a: Any) -> int:
        """The slot an op's input comes from: an argument, the output of a recorded op
        (its graph edge), a Parameter (read afresh at each replay) or else a constant."""
        if isinstance(x, Variable):
            slot = self.var_slot.get(id(x))
            if slot is not None:
                return slot
            creator = x._creator
            if creator is not None:
                outs = self.made_by.get(id(creator))
                if outs is not None:
                    return outs[x._index]
                self.unsupported = (
                    "a Variable made outside the chain's forward reached it without being "
                    "an argument (pass it as an argument)")
            elif isinstance(x, Parameter):
                slot = self.var_slot[id(x)] = self.new_slot(a)
                self.leaves.append((slot, x))
                return slot
        slot = self.slot_of.get(id(a))
        if slot is not None:
            return slot
        slot = self.new_slot(a)
        self.constants[slot] = a
        return slot

    def _keep(self, value: Any) -> int:
        """A slot for ``value`` that does not take over its identity from an earlier one."""
        known = self.slot_of.get(id(value))
        slot = self.new_slot(value)
        if known is not None:
            self.slot_of[id(value)] = known
        return slot

    def forward(self, node: FunctionNode, inputs: Any, arrays: tuple) -> tuple:
        """Run ``node.forward`` and record it (called by ``FunctionNode.apply``)."""
        before = node_attributes(node)
        refresh, settings, constants = [], {}, {}
        for name, value in before.items():
            if is_array(value):
                slot = self.slot_of.get(id(value))
                if slot is None:
                    constants[name] = value
                else:
                    refresh.append((name, slot))
            else:
                settings[name] = value
        ins = tuple([self._input(x, a) for x, a in zip(inputs, arrays, strict=True)])
        outputs = node.forward(arrays)
        if type(outputs) is not tuple:
            return outputs  # apply refuses it
        adopted = adopt(node, outputs)
        outs = self.made_by[id(node)] = tuple([self.new_slot(y) for y in adopted])
        changed = [(name, value) for name, value in node_attributes(node).items()
                   if before.get(name, UNSET) is not value]
        captures = tuple([(name, self._keep(value)) for name, value in changed])
        resets = tuple([(name, before.get(name, UNSET)) for name, _ in changed])
        self.steps.append(Step(node, ins, outs, tuple(refresh), captures,
                               adopted is not outputs, settings, constants, resets))
        return adopted

    def static_code(self, fn: Any, args: tuple, kwargs: dict) -> Any:
        """Run a static_code function and record it as a step."""
        items: list[Any] = []
        skeleton = _tree.flatten((args, kwargs), items)
        ins = tuple([self._input(x, _array(x)) for x in items])
        if self.ran_before and self.ran_before[0][0] is fn:
            out = self.ran_before.pop(0)[1]
        else:
            self.ran_before = []
            observers.recorder = None  # what it does inside is not part of the schedule
            try:
                with no_backprop_mode():
                    out = fn(*args, **kwargs)
            finally:
                observers.recorder = self
        found: list[Any] = []
        result = _tree.flatten(out, found)
        outs = tuple([self.new_slot(_array(x)) for x in found])
        call = CodeCall(fn, skeleton, tuple([isinstance(x, Variable) for x in items]), result)
        self.steps.append(Step(call, ins, outs, (), (), False, {}, {}))
        return out

    def finish(self, out: Any) -> None:
        """Note where the forward's results are; copy the nodes off the caller's graph."""
        found: list[Any] = []
        self.result = _tree.flatten(out, found)
        outputs = []
        for x in found:
            slot = self.var_slot.get(id(x)) if isinstance(x, Variable) else None
            if slot is not None:
                outputs.append(("same", slot))
                continue
            slot = self.slot_of.get(id(_array(x)))
            if slot is None:
                self.unsupported = "the forward returned an array no op of it made"
                return
            if not isinstance(x, Variable):
                outputs.append(("array", slot))
            elif x._creator is None:
                outputs.append(("constant", slot))
            else:
                outputs.append(("variable", slot))
        self.outputs = tuple(outputs)
        for step in self.steps:
            if isinstance(step.node, FunctionNode):
                step.finish()
        self.size = len(self.values)
        self.values, self.slot_of, self.made_by = [], {}, {}  # the call's arrays go

    def same_as(self, other: ForwardRecorder) -> bool:
        """Whether a second recording did the same thing: a schedule is only trusted then."""
        return (self.arg_slots == other.arg_slots and self.outputs == other.outputs
                and same_value(self.result, other.result)
                and [(s, id(p)) for s, p in self.leaves] == [(s, id(p)) for s, p in
                                                             other.leaves]
                and self.size == other.size
                and self.constants.keys() == other.constants.keys()
                and all(same_value(v, other.constants[k]) for k, v in self.constants.items())
                and len(self.steps) == len(other.steps)
                and all(a.same_as(b) for a, b in zip(self.steps, other.steps, strict=True))
                and all(_same_code(a.node, b.node) for a, b in
                        zip(self.steps, other.steps, strict=True)))


def _same_code(a: Any, b: Any) -> bool:
    if not isinstance(a, CodeCall):
        return True
    return (a.fn is b.fn and same_value(a.skeleton, b.skeleton)
            and same_value(a.result, b.result))


def adopt(node: FunctionNode, outputs: tuple) -> tuple:
    """``outputs`` as arrays of the node's backend (NumPy's 0-d scalars become arrays);
    the same tuple when nothing needed it."""
    array_type = node.backend.array_type
    for y in outputs:
        if type(y) is not array_type:
            return tuple([y if type(y) is array_type else node._adopt(y, i)
                          for i, y in enumerate(outputs)])
    return outputs
