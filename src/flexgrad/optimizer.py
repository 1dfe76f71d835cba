"""Optimizers: the base classes ``Optimizer``, ``GradientMethod`` and ``UpdateRule``.

As in Chainer, ``optimizer.setup(link)`` gives every parameter its own ``update_rule``
whose ``hyperparam`` falls back to the optimizer's, so one parameter's learning rate can
be changed alone. Update rules compute on raw arrays with the parameter's own namespace and
assign new arrays (arrays may be immutable); after each update the new parameter and state
arrays are materialized through the backend, so on Dask a training loop never grows one
lazy graph across iterations.
"""

from __future__ import annotations

import copy
import math
import numbers
from collections import OrderedDict
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

from . import backends
from ._row_sparse import RowSparse
from .errors import InvalidTypeError, InvalidValueError

_TIMINGS = ("auto", "pre", "post")
_HOOKS = ("GradientClipping", "GradientHardClipping", "GradientNoise", "Lasso", "WeightDecay")


def __getattr__(name: str) -> Any:
    """Chainer's older home of the hooks (``chainer.optimizer.WeightDecay``), still common
    in scripts; they live in ``flexgrad.optimizer_hooks``."""
    if name in _HOOKS:
        from . import optimizer_hooks

        return getattr(optimizer_hooks, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class Interval(NamedTuple):
    """Where a hyperparameter may lie: from ``low`` to ``high``, each end in or out."""

    low: float
    high: float = math.inf
    low_in: bool = True
    high_in: bool = False

    def __contains__(self, value: object) -> bool:
        x = float(value)  # type: ignore[arg-type]
        above = x >= self.low if self.low_in else x > self.low
        below = x <= self.high if self.high_in else x < self.high
        return above and below

    def __str__(self) -> str:
        return (f"{'[' if self.low_in else '('}{self.low:g}, {self.high:g}"
                f"{']' if self.high_in else ')'}")


NON_NEGATIVE = Interval(0.0)
POSITIVE = Interval(0.0, low_in=False)
DECAY = Interval(0.0, 1.0)  # a moving average's weight of the past: 1 would never move


def expect_hyperparams(optimizer: Any, **given: tuple[Any, Interval]) -> None:
    """Each ``name=(value, interval)``: ``value`` is a real number in ``interval``, so an
    impossible hyperparameter fails where it is given, not steps later as NaN."""
    where = f"flexgrad.optimizers.{type(optimizer).__name__}"
    for name, (value, interval) in given.items():
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise InvalidTypeError(f"{where}: argument '{name}' expected a real number in "
                                   f"{interval}, got {type(value).__name__} {value!r:.60}")
        if value not in interval:
            raise InvalidValueError(f"{where}: argument '{name}' expected a real number in "
                                    f"{interval}, got {value!r}")


class Hyperparameter:
    """A set of hyperparameters; an attribute not set here is read from ``parent``."""

    def __init__(self, parent: Hyperparameter | None = None) -> None:
        self._parent = parent

    def __getattr__(self, name: str) -> Any:
        if "_parent" not in self.__dict__ or self.__dict__["_parent"] is None:
            raise AttributeError(f"hyperparameter {name!r} is not set")
        return getattr(self.__dict__["_parent"], name)

    def __repr__(self) -> str:
        return f"Hyperparameter({self.get_dict()})"

    @property
    def parent(self) -> Hyperparameter | None:
        return self._parent

    def get_dict(self) -> dict[str, Any]:
        """Every hyperparameter visible here, own values over the parent's."""
        values = {} if self._parent is None else self._parent.get_dict()
        values.update((k, v) for k, v in self.__dict__.items() if k != "_parent")
        return values


class HyperparameterProxy:
    """Makes ``optimizer.lr`` read and write ``optimizer.hyperparam.lr``."""

    def __init__(self, name: str) -> None:
        self._name = name
        self.__doc__ = f"Alias of ``hyperparam.{name}``."

    def __get__(self, obj: Any, cls: type | None = None) -> Any:
        if obj is None:
            return self
        return getattr(obj.hyperparam, self._name)

    def __set__(self, obj: Any, value: Any) -> None:
        setattr(obj.hyperparam, self._name, value)


def _add_hook(hooks: dict[str, OrderedDict], fn: str, hook: Any, name: str | None,
              timing: str) -> None:
    if not callable(hook):
        raise InvalidTypeError(f"flexgrad.{fn}: argument 'hook' expected a callable, "
                                f"got {type(hook).__name__}")
    if timing not in _TIMINGS:
        raise InvalidValueError(f"flexgrad.{fn}: argument 'timing' expected one of "
                                f"{_TIMINGS}, got {timing!r}")
    if timing == "auto":
        timing = getattr(hook, "timing", "pre")
    name = name or getattr(hook, "name", None) or type(hook).__name__
    if any(name in table for table in hooks.values()):
        raise KeyError(f"flexgrad.{fn}: a hook named {name!r} is already registered")
    hooks[timing][name] = hook


def _remove_hook(hooks: dict[str, OrderedDict], name: str) -> None:
    for table in hooks.values():
        if name in table:
            del table[name]
            return
    raise KeyError(f"no hook named {name!r}")


class UpdateRule:
    """How one parameter is updated; subclasses write ``init_state`` and ``update_core_array``.

    ``state`` is a dict of arrays on the parameter's device (None before the first update).
    A state array left on another device (the link was moved by ``to_device``) is sent to
    the parameter's device at the next update.
    """

    def __init__(self, parent_hyperparam: Hyperparameter | None = None,
                 **hyperparams: Any) -> None:
        self.hyperparam = Hyperparameter(parent_hyperparam)
        for name, value in hyperparams.items():
            if value is not None:
                setattr(self.hyperparam, name, value)
        self.state: dict[str, Any] | None = None
        self.enabled = True
        self.t = 0
        self._hooks: dict[str, OrderedDict] = {"pre": OrderedDict(), "post": OrderedDict()}

    def add_hook(self, hook: Callable[[UpdateRule, Any], None], name: str | None = None,
                 timing: str = "auto") -> None:
        """Call ``hook(rule, param)`` before (``'pre'``) or after (``'post'``) each update."""
        _add_hook(self._hooks, "UpdateRule.add_hook", hook, name, timing)

    def remove_hook(self, name: str) -> None:
        _remove_hook(self._hooks, name)

    def init_state(self, param: Any) -> None:
        """Fill ``self.state`` with the rule's zero state for ``param``."""

    def update_core_array(self, xp: Any, array: Any, grad: Any) -> Any:
        """The updated parameter array; replaces the arrays in ``self.state`` as it goes."""
        raise NotImplementedError

    def update(self, param: Any, materialize: bool = True) -> None:
        """Update ``param`` in place from its gradient (skipped when that is None).

        ``materialize=False`` leaves the new arrays lazy, for an optimizer that
        materializes every parameter of a step in one call.
        """
        if not self.enabled:
            return
        self.t += 1
        if param.array is not None and self.state is None:
            self.state = {}
            self.init_state(param)
        for hook in self._hooks["pre"].values():
            hook(self, param)
        self.update_core(param)
        for hook in self._hooks["post"].values():
            hook(self, param)
        if materialize:
            _materialize([param])

    def update_core(self, param: Any) -> None:
        g = param._grad_var
        if g is None or param.array is None:
            return
        device = backends.get_device_from_array(param.array)
        state = self.state
        for key, value in state.items():
            state[key] = device.send(value)
        if type(g._data) is RowSparse and self.updates_rows():
            self._update_rows(param, g._data)
            return
        param.replace_array(self.update_core_array(device.backend.xp, param.array, param.grad))

    def updates_rows(self) -> bool:
        """Whether a row-sparse gradient (an embedding's) updates only the rows it touches:
        where that equals the dense update (SGD), or the rule was asked to be lazy."""
        return False

    def _update_rows(self, param: Any, grad: RowSparse) -> None:
        """``update_core_array`` on the touched rows of the parameter and of the state,
        written back in place where the library allows it (as Chainer and PyTorch do)."""
        backend = grad.backend
        rows, values = grad.coalesced()
        full, self.state = self.state, {k: backend.take(v, rows, 0) for k, v in
                                        self.state.items()}
        try:
            new = self.update_core_array(backend.xp, backend.take(param.array, rows, 0), values)
        finally:
            full, self.state = self.state, full
        for key, value in full.items():
            self.state[key] = backend.set_item(self.state[key], rows, value)
        param.replace_array(backend.set_item(param.array, rows, new))

    def zeros_like(self, param: Any) -> Any:
        """A zero state array shaped like ``param``, on its device."""
        return backends.backend_of(param.array).xp.zeros_like(param.array)

    def serialize(self, serializer: Any) -> None:
        """Save or load ``t`` and the state (``prepare_state`` makes it first if need be).

        Loading into a rule with no state yet (its parameter waits for its first input to
        know its shape) takes the file's state as it is; the next update moves it to the
        parameter's device.
        """
        from .serializers._base import Deserializer
        from .serializers._checks import in_range

        serializer.declare_check("t", in_range(0, None, "an update count"))
        self.t = int(serializer("t", self.t))
        if self.state is None:
            if isinstance(serializer, Deserializer):
                loaded = {key: serializer(key, None) for key in self._state_keys()}
                if loaded and all(value is not None for value in loaded.values()):
                    self.state = loaded
            return
        for key, value in self.state.items():
            self.state[key] = serializer(key, value)

    def _state_keys(self) -> list[str]:
        """The names ``init_state`` gives the state, found on a one-element stand-in."""
        from .variable import Parameter

        probe = copy.copy(self)
        probe.state = {}
        probe.init_state(Parameter(backends.NUMPY.as_array([0.0], backends.NUMPY.xp.float32)))
        return list(probe.state)

    def prepare_state(self, param: Any) -> None:
        """Make the zero state now (done before loading a saved one)."""
        if self.state is None and param.array is not None:
            self.state = {}
            self.init_state(param)


class Optimizer:
    """The base of all optimizers: a target link, the ``t``/``epoch`` counters and hooks."""

    target: Any = None
    t = 0
    epoch = 0

    def __init__(self) -> None:
        self._hooks: dict[str, OrderedDict] = {"pre": OrderedDict(), "post": OrderedDict()}

    def setup(self, link: Any) -> Optimizer:
        """Make ``link`` the target, reset the counters, and return self."""
        if not hasattr(link, "params"):
            raise InvalidTypeError(f"flexgrad.Optimizer.setup: argument 'link' expected a "
                                    f"Link, got {type(link).__name__}")
        self.target = link
        self.t = 0
        self.epoch = 0
        return self

    def update(self, lossfun: Callable[..., Any] | None = None, *args: Any,
               **kwds: Any) -> None:
        raise NotImplementedError

    def new_epoch(self) -> None:
        """Count one more epoch."""
        self.epoch += 1

    def use_cleargrads(self, use: bool = True) -> None:
        """Kept for Chainer 1 scripts: ``update(lossfun, ...)`` always clears the grads."""

    def add_hook(self, hook: Callable[..., None], name: str | None = None,
                 timing: str = "auto") -> None:
        """Register ``hook``; ``timing`` ``'auto'`` takes ``hook.timing`` (default ``'pre'``).

        A hook with ``call_for_each_param = True`` is called as ``hook(rule, param)`` for
        each parameter, any other as ``hook(optimizer)``.
        """
        _add_hook(self._hooks, "Optimizer.add_hook", hook, name, timing)

    def remove_hook(self, name: str) -> None:
        _remove_hook(self._hooks, name)

    def call_hooks(self, timing: str = "pre") -> None:
        """Call the hooks registered for ``timing``."""
        for hook in self._hooks[timing].values():
            if getattr(hook, "call_for_each_param", False):
                for param in self._update_params():
                    hook(param.update_rule, param)
            else:
                hook(self)

    def _update_params(self) -> Iterator[Any]:
        """The target's parameters that have an array, a gradient and an enabled rule."""
        for param in self.target.params():
            rule = param.update_rule
            if (rule is not None and rule.enabled and param.array is not None
                    and param.grad is not None):
                yield param

    def serialize(self, serializer: Any) -> None:
        """Save or load ``t``, ``epoch`` and every parameter's update rule."""
        from .serializers._checks import in_range

        serializer.declare_check("t", in_range(0, None, "an update count"))
        serializer.declare_check("epoch", in_range(0, None, "an epoch count"))
        self.t = int(serializer("t", self.t))
        self.epoch = int(serializer("epoch", self.epoch))
        for name, param in self.target.namedparams():
            rule = getattr(param, "update_rule", None)
            if rule is not None:
                rule.prepare_state(param)
                rule.serialize(serializer[name])


class GradientMethod(Optimizer):
    """An optimizer that updates each parameter from its gradient through an UpdateRule."""

    def __init__(self) -> None:
        super().__init__()
        self.hyperparam = Hyperparameter()

    def setup(self, link: Any) -> GradientMethod:
        super().setup(link)
        for param in link.params():
            param.update_rule = self.create_update_rule()
        return self

    def create_update_rule(self) -> UpdateRule:
        raise NotImplementedError

    def update(self, lossfun: Callable[..., Any] | None = None, *args: Any,
               **kwds: Any) -> None:
        """One step: with ``lossfun``, clear the grads, compute the loss and backprop first."""
        if self.target is None:
            raise InvalidValueError("flexgrad.Optimizer.update: call setup(link) first")
        if lossfun is not None:
            loss = lossfun(*args, **kwds)
            self.target.cleargrads()
            loss.backward()
            del loss
        self.call_hooks("pre")
        self.t += 1
        params = [p for p in self.target.params() if p.update_rule is not None]
        for param in params:
            param.update_rule.update(param, materialize=False)
        self.call_hooks("post")
        _materialize(params)


def _materialize(params: list[Any]) -> None:
    """Materialize the new arrays and states of ``params``: one call per lazy backend, so a
    Dask step persists once, and the task graph stops growing at every step."""
    groups: dict[Any, list[tuple[Any, list[str]]]] = {}
    for param in params:
        if param.array is None:
            continue
        backend = backends.backend_of(param.array)
        if backend.is_lazy:
            state = param.update_rule.state or {}
            groups.setdefault(backend, []).append((param, list(state)))
    for backend, entries in groups.items():
        flat = [a for param, keys in entries
                for a in (param.array, *(param.update_rule.state[k] for k in keys))]
        new = iter(backend.materialize(flat))
        for param, keys in entries:
            param.replace_array(next(new))
            for key in keys:
                param.update_rule.state[key] = next(new)
