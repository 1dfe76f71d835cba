"""``static_graph`` and ``static_code``, Chainer's names: a chain's forward recorded once and
replayed without per-op Python while nothing that shaped the recording changed.

A decorated method runs define-by-run for the first two calls with a given key (the
arguments' array types, shapes, dtypes and devices and their other values; the chain's
Parameter objects, shapes and ``requires_grad``; the scalar attributes of its links; every
``flexgrad.config`` flag). The two runs are recorded; when they did the same thing (the
same ops on the same slots, the same constants), later calls with that key replay the
recorded ``forward`` calls of the ops directly, as one node of the caller's graph, compiled
to straight-line Python (no nodes, no argument checks, no dispatch per op); its backward
replays what the first backward did: elementwise arithmetic inline, any other node's own
backward called on the call's arrays. Anything else records again. Debug mode, function
hooks and ``force_test_define_by_run`` run it define-by-run.

As in Chainer, code of the forward that computes arrays outside flexgrad functions runs
at the recordings only: its results are constants of the schedule (a run that drew other
random numbers or computed other values there is not replayed at all). Code that must run
on every call (printing, bookkeeping, a choice on the data) goes in a ``static_code``
function: it runs at every replay, outside the graph, and the arrays it returns become
inputs of what follows; any other value it returns must equal the recorded one, else the
chain records again (so a branch decided there is followed).
"""

from __future__ import annotations

import functools
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from .. import function_hook
from ..configuration import config, no_backprop_mode
from ..function_node import observers
from ..variable import Variable, _new_constant
from . import _tree
from ._recorder import ForwardRecorder, StaleSchedule, ran
from ._replay import Schedule, StaticSubgraph

_MAX_KEYS = 32  # schedules kept per chain, the oldest dropped first
_SCALARS = (bool, int, float, str, type(None))


class _Running(threading.local):
    depth = 0  # static chains running define-by-run in this thread (for static_code)


_running = _Running()


class StaticState:
    """Per chain: what was recorded under which key, and how often each path ran."""

    def __init__(self) -> None:
        self.entries: OrderedDict[Any, Any] = OrderedDict()
        self.recordings = 0
        self.replays = 0
        self.eager_reasons: list[str] = []


_STATES: weakref.WeakKeyDictionary[Any, StaticState] = weakref.WeakKeyDictionary()


def static_state(chain: Any) -> StaticState:
    """The recordings and replays of ``chain``'s static methods (for tests and tuning)."""
    state = _STATES.get(chain)
    if state is None:
        state = _STATES[chain] = StaticState()
    return state


def static_graph(*args: Any, force_test_define_by_run: bool = False,
                 enable_double_backprop: bool = False,
                 verbosity_level: int = 0) -> Any:
    """Decorate a chain's ``forward`` (or ``__call__``) to replay it while its inputs keep
    their shapes; use bare (``@static_graph``) or with options.

    Args:
        force_test_define_by_run: always run define-by-run (to compare, or to debug).
        enable_double_backprop: a replay has no graph to differentiate twice, so True
            runs the method define-by-run, where double backprop works.
        verbosity_level: 1 prints each recording and why a key runs define-by-run.

    >>> import numpy as np, flexgrad, flexgrad.functions as F
    >>> class Scale(flexgrad.Chain):
    ...     def __init__(self):
    ...         super().__init__()
    ...         with self.init_scope():
    ...             self.w = flexgrad.Parameter(np.array([2.0]))
    ...     @flexgrad.static_graph
    ...     def forward(self, x):
    ...         return F.tanh(x * self.w)
    >>> model = Scale()
    >>> for _ in range(3):  # two recorded runs, then a replay
    ...     y = model(np.array([0.5]))
    >>> y.creator.label, flexgrad.static_state(model).replays
    ('StaticSubgraph', 1)
    """
    if args:
        if len(args) != 1 or not callable(args[0]):
            raise TypeError("flexgrad.static_graph: use @static_graph or "
                            "@static_graph(option=value, ...)")
        return static_graph()(args[0])
    eager = force_test_define_by_run or enable_double_backprop

    def decorate(fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def static_forward(chain: Any, *a: Any, **kw: Any) -> Any:
            if eager or config.debug or _observed():
                return _define_by_run(fn, chain, a, kw)
            items: list[Any] = []
            skeleton = _tree.flatten((a, kw), items)
            try:
                key = (fn, _key(chain, skeleton, items))
                state = static_state(chain)
                entry = state.entries.get(key)
            except TypeError:  # an argument that cannot be a key: nothing to replay by
                return _define_by_run(fn, chain, a, kw)
            if isinstance(entry, str):
                return _define_by_run(fn, chain, a, kw)
            ran_before = None
            if isinstance(entry, Schedule):
                ran.results = []
                try:
                    out = _replay(entry, items)
                    state.replays += 1
                    return out
                except StaleSchedule as stale:
                    _say(verbosity_level, chain, fn, f"records again: {stale}")
                    entry, ran_before = None, ran.results
            return _record(fn, chain, a, kw, items, state, key, entry, verbosity_level,
                           ran_before)

        return static_forward

    return decorate


def static_code(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Mark code in a static chain's forward that must run on every call, replays
    included (printing, counters, a choice on the data); it records no graph, and the
    arrays it returns are inputs of what follows.

    >>> import flexgrad
    >>> @flexgrad.static_code
    ... def log_shape(x):
    ...     print(x.shape)
    """
    @functools.wraps(fn)
    def every_call(*args: Any, **kwargs: Any) -> Any:
        recorder = observers.recorder
        if isinstance(recorder, ForwardRecorder):
            return recorder.static_code(fn, args, kwargs)
        if _running.depth:
            with no_backprop_mode():
                return fn(*args, **kwargs)
        return fn(*args, **kwargs)

    return every_call


def _observed() -> bool:
    """Whether this thread's ops are watched (function hooks, or a recording that the
    chain's ops must join): then the chain runs define-by-run."""
    return bool(function_hook.active_count) and (
        bool(function_hook.thread_hooks()) or observers.recorder is not None)


def _define_by_run(fn: Callable[..., Any], chain: Any, a: tuple, kw: dict) -> Any:
    _running.depth += 1
    try:
        return fn(chain, *a, **kw)
    finally:
        _running.depth -= 1


def _record(fn: Callable[..., Any], chain: Any, a: tuple, kw: dict, items: list[Any],
            state: StaticState, key: Any, previous: Any, verbosity_level: int,
            ran_before: list | None = None) -> Any:
    recorder = ForwardRecorder(items, ran_before)
    _running.depth += 1
    try:
        with recorder:
            out = fn(chain, *a, **kw)
    finally:
        _running.depth -= 1
    recorder.finish(out)
    state.recordings += 1
    if recorder.unsupported is None and not recorder.arg_slots + tuple(recorder.leaves):
        recorder.unsupported = "the forward reads no array argument and no Parameter"
    if recorder.unsupported is not None:
        entry: Any = recorder.unsupported
    elif not isinstance(previous, ForwardRecorder):
        entry = recorder
    elif previous.same_as(recorder):
        entry = Schedule(recorder)
    else:
        entry = ("two calls with the same key ran other ops or made other constants (a "
                 "branch on the data, random numbers drawn or arrays computed outside "
                 "flexgrad functions: move that into static_code)")
    if isinstance(entry, str):
        state.eager_reasons.append(entry)
        _say(verbosity_level, chain, fn, f"runs define-by-run: {entry}")
    else:
        _say(verbosity_level, chain, fn, "recorded")
    state.entries[key] = entry
    state.entries.move_to_end(key)
    if len(state.entries) > _MAX_KEYS:
        state.entries.popitem(last=False)
    return out


def _replay(schedule: Schedule, items: list[Any]) -> Any:
    inputs = [*items, *schedule.leaves]
    outs = StaticSubgraph(schedule).apply(inputs)
    results = []
    for kind, index in schedule.output_plan:
        if kind == "same":
            results.append(inputs[index])
        elif kind == "variable":
            results.append(outs[index])
        elif kind == "constant":
            results.append(_new_constant(outs[index]._data))
        else:
            results.append(outs[index]._data)
    return _tree.fill(schedule.result, results)


def _key(chain: Any, skeleton: Any, items: list[Any]) -> tuple:
    """Everything a recording depends on besides the values of its arrays."""
    ids = [id(x) for x in items]
    aliases = None if len(set(ids)) == len(ids) else tuple([ids.index(i) for i in ids])
    params = tuple([(id(p), _array_key(p._data), p.requires_grad) for p in chain.params()])
    flags = tuple([(k, v) for link in chain.links() for k, v in vars(link).items()
                   if type(v) in _SCALARS])
    settings = {k: v for k, v in vars(type(config)).items()
                if k[0] != "_" and not callable(v)}
    settings.update(config.__dict__)
    return (_frozen(skeleton), tuple([_item_key(x) for x in items]), aliases, params, flags,
            tuple(sorted(settings.items())))


def _item_key(x: Any) -> tuple:
    if isinstance(x, Variable):
        return (_array_key(x._data), x.requires_grad)
    return (_array_key(x), None)


def _array_key(a: Any) -> tuple | None:
    if a is None:
        return None
    device = None if type(a).__module__ == "numpy" else getattr(a, "device", None)
    return (type(a), tuple(a.shape), a.dtype, device)


def _frozen(skeleton: Any) -> Any:
    if type(skeleton) is tuple or type(skeleton) is list:
        return (type(skeleton), *[_frozen(x) for x in skeleton])
    if type(skeleton) is dict:
        return (dict, *[(k, _frozen(v)) for k, v in skeleton.items()])
    return skeleton


def _say(verbosity_level: int, chain: Any, fn: Callable[..., Any], what: str) -> None:
    if verbosity_level >= 1:
        print(f"static_graph: {type(chain).__name__}.{fn.__name__} {what}")
