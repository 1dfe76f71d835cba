"""Schedules as straight-line Python: one function per schedule, compiled once.

A loop over steps pays, per op, for unpacking the step, indexing a list of slots and
building argument tuples; the generated function keeps every slot in a local variable and
calls each recorded ``forward`` directly, which halves the replay's own cost. The source
is kept on the function (``__source__``) for reading and debugging.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..functions.math import basic_math as _math
from ..functions.math._unary import UnaryFloat
from ._recorder import UNSET, adopt

OP, ADD, ACCUMULATE, CALL = range(4)  # the kinds of backward steps


# Arithmetic whose forward, once its checks passed at the recording (same shapes and
# dtypes), is this one expression: replays write it inline instead of calling the node.
# Where a forward changes, the op-table replay test (bit for bit) fails until this follows.
_INLINE = {
    _math.Add: "{0} + {1}", _math.Sub: "{0} - {1}", _math.Mul: "{0} * {1}",
    _math.Neg: "-{0}", _math.AddConstant: "{0} + {value}",
    _math.SubFromConstant: "{value} - {0}", _math.MulConstant: "{0} * {value}",
}


def inline(node: Any) -> str | None:
    """The expression of ``node``'s forward when it is one (the node's ``value`` is
    ``{value}``), else None. A UnaryFloat's forward is a dtype check, then ``compute``."""
    if type(node).forward is UnaryFloat.forward:
        return "{node}.compute({node}_xp, {0})"
    return _INLINE.get(type(node))


class _Writer:
    """Lines of a function and the objects its names refer to."""

    def __init__(self, header: str) -> None:
        self.lines = [header]
        self.names: dict[str, Any] = {"adopt": adopt, "UNSET": UNSET}

    def bind(self, name: str, value: Any) -> str:
        self.names[name] = value
        return name

    def line(self, text: str) -> None:
        self.lines.append("    " + text)

    def set_attribute(self, node: str, name: str, value: str) -> None:
        if name.isidentifier():
            self.line(f"{node}.{name} = {value}")
        else:
            self.line(f"setattr({node}, {name!r}, {value})")

    def call(self, node: str, ins: list[str], outs: list[str], adopted: bool) -> None:
        expression = inline(self.names[node])
        if expression is not None and not adopted:
            value = self.bind(f"{node}_value", getattr(self.names[node], "value", None))
            if isinstance(self.names[node], UnaryFloat):
                self.bind(f"{node}_xp", self.names[node].xp)
            self.line(f"{outs[0]} = {expression.format(*ins, value=value, node=node)}")
            return
        args = "".join(f"{a}, " for a in ins)
        call = f"{node}.forward(({args}))"
        if adopted:
            call = f"adopt({node}, {call})"
        self.line(f"{''.join(f'{o}, ' for o in outs)} = {call}" if outs else call)

    def build(self, name: str) -> Callable[..., Any]:
        source = "\n".join(self.lines) + "\n"
        exec(compile(source, f"<static_graph {name}>", "exec"), self.names)  # noqa: S102
        fn = self.names[name]
        fn.__source__ = source
        return fn


def compile_forward(schedule: Any) -> Callable[[tuple], tuple[list, tuple]]:
    """``replay(inputs) -> (slots, outputs)`` for a Schedule."""
    w = _Writer("def replay(inputs):")
    known = set(schedule.constants)

    def ref(slot: int) -> str:
        return w.bind(f"c{slot}", schedule.template[slot]) if slot in known else f"s{slot}"

    for k, slot in enumerate(schedule.input_slots):
        w.line(f"s{slot} = inputs[{k}]")
    for j, step in enumerate(schedule.steps):
        node = w.bind(f"n{j}", step.node)
        if inline(step.node) is not None and not step.adopt:
            # what its forward sets depends on the shapes alone: the recorded values
            w.call(node, [ref(s) for s in step.ins], [f"s{s}" for s in step.outs], False)
            for name, slot in step.captures:
                w.line(f"s{slot} = {w.bind(f'{node}_{name}', getattr(step.node, name))}")
            continue
        for name, slot in step.refresh:
            w.set_attribute(node, name, ref(slot))
        for k, (name, value) in enumerate(step.resets):
            if value is UNSET:
                w.line(f"if hasattr({node}, {name!r}): delattr({node}, {name!r})")
            else:
                w.set_attribute(node, name, w.bind(f"r{j}_{k}", value))
        w.call(node, [ref(s) for s in step.ins], [f"s{s}" for s in step.outs], step.adopt)
        for name, slot in step.captures:
            w.line(f"s{slot} = getattr({node}, {name!r})")
    w.line(f"slots = [{', '.join(ref(s) for s in range(len(schedule.template)))}]")
    w.line(f"return slots, ({''.join(f'{ref(s)}, ' for s in schedule.node_outputs)})")
    return w.build("replay")


def compile_backward(schedule: Any, backward: Any, call_backward: Callable[..., Any],
                     accumulated: Callable[..., Any]) -> Callable[[list, tuple], list]:
    """``replay(slots, grads) -> input gradients`` for one BackwardSchedule of ``schedule``
    (``grads``: the output gradients' arrays, None where none came)."""
    w = _Writer("def replay(slots, grads):")
    header, w.lines = w.lines, []
    w.bind("call_backward", call_backward)
    w.bind("accumulated", accumulated)
    n_forward = len(schedule.template)
    read: set[int] = set()

    def ref(slot: int) -> str:
        if slot < n_forward:
            read.add(slot)
        return f"s{slot}"

    def values(step_index: int, extra: tuple = ()) -> str:
        """A dict literal of the slots ``restore`` reads for forward step ``step_index``."""
        step = schedule.steps[step_index]
        slots = {*step.ins, *step.outs, *(s for _, s in step.captures),
                 *(s for s in extra if s is not None)}
        return "{" + ", ".join(f"{s}: {ref(s)}" for s in sorted(slots)) + "}"

    for k, slot in enumerate(backward.seeds):
        if slot is not None:
            w.line(f"s{slot} = grads[{k}]")
    for i, step in enumerate(backward.steps):
        kind = step[0]
        if kind is OP:
            _, node, ins, outs, adopted = step
            w.call(w.bind(f"m{i}", node), [ref(s) for s in ins], [f"s{s}" for s in outs],
                   adopted)
        elif kind is ADD:
            _, a, b, out, as_array = step
            w.line(f"s{out} = {ref(a)} + {ref(b)}")
            if as_array is not None:
                w.line(f"s{out} = {w.bind(f'fix{i}', as_array)}(s{out})")
        elif kind is ACCUMULATE:
            w.line(f"s{step[3]} = accumulated({ref(step[1])}, {ref(step[2])})")
        else:
            _, j, indexes, grads, outs = step
            w.line(f"g = call_backward({w.bind(f'st{i}', schedule.steps[j])}, "
                   f"{values(j, grads)}, {indexes!r}, {grads!r})")
            for k, slot in enumerate(outs):
                if slot is not None:
                    w.line(f"s{slot} = None if g[{k}] is None else g[{k}]._data")
    results = ", ".join("None" if s is None else ref(s) for s in backward.results)
    w.line(f"return [{results}]")
    steps, w.lines = w.lines, header
    for slot in sorted(read):
        w.line(f"s{slot} = slots[{slot}]")
    w.lines += steps
    return w.build("replay")
