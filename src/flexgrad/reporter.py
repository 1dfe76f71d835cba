"""The reporter: code deep inside a model reports named values (a loss, an accuracy) to
whoever is listening, as Chainer's ``chainer.reporter`` does.

A :class:`Reporter` names its observers (``'main'`` for the model, ``'main/predictor'``
for a child); ``report({'loss': loss}, self)`` inside a link stores ``'main/loss'`` in the
observation dict of the active ``scope``. With no reporter active, ``report`` does nothing,
so a model that reports works unchanged outside training.

>>> import numpy as np, flexgrad
>>> reporter = flexgrad.Reporter()
>>> model = flexgrad.Link()
>>> reporter.add_observer('main', model)
>>> observation = {}
>>> with reporter.scope(observation):
...     flexgrad.report({'loss': 0.5}, model)
>>> observation
{'main/loss': 0.5}
"""

from __future__ import annotations

import contextlib
import json
import math
import threading
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from . import backends
from .configuration import config
from .errors import InvalidValueError
from .serializers._checks import json_text
from .variable import Variable


class _ReporterStack(threading.local):
    def __init__(self) -> None:
        self.reporters: list[Reporter] = []


_stack = _ReporterStack()


class Reporter:
    """Collects reported values, under observer names, into the current observation dict.

    Used as a context manager it becomes the current reporter (the one :func:`report`
    reaches) for the block; :meth:`scope` also redirects reports into a dict of your own.
    """

    def __init__(self) -> None:
        self._observer_names: dict[int, str] = {}
        self.observation: dict[str, Any] = {}

    def __enter__(self) -> Reporter:
        _stack.reporters.append(self)
        return self

    def __exit__(self, *exc_info: Any) -> None:
        _stack.reporters.pop()

    @contextlib.contextmanager
    def scope(self, observation: dict[str, Any]) -> Iterator[None]:
        """Make this the current reporter, writing reports into ``observation``."""
        previous = self.observation
        self.observation = observation
        try:
            with self:
                yield
        finally:
            self.observation = previous

    def add_observer(self, name: str, observer: Any) -> None:
        """Report values from ``observer`` as ``'<name>/<key>'``."""
        self._observer_names[id(observer)] = name

    def add_observers(self, prefix: str, observers: Iterable[tuple[str, Any]]) -> None:
        """Register ``(name, observer)`` pairs, e.g. ``model.namedlinks(skipself=True)``,
        each as ``prefix + name``."""
        for name, observer in observers:
            self._observer_names[id(observer)] = prefix + name

    def report(self, values: Mapping[str, Any], observer: Any = None) -> None:
        """Store ``values`` in the observation, keys prefixed by ``observer``'s name.

        A reported Variable is stored cut from its graph (so an observation never keeps a
        step's graph alive), unless ``flexgrad.config.keep_graph_on_report`` is True.
        """
        if not config.keep_graph_on_report:
            values = {key: _detached(value) for key, value in values.items()}
        if observer is None:
            self.observation.update(values)
            return
        name = self._observer_names.get(id(observer))
        if name is None:
            raise KeyError(f"flexgrad.Reporter.report: the observer "
                           f"{type(observer).__name__} is not registered with this reporter "
                           "(register it with add_observer or add_observers)")
        for key, value in values.items():
            self.observation[f"{name}/{key}"] = value


def _detached(value: Any) -> Any:
    """A Variable holding the same array with no creator; anything else as it is."""
    if isinstance(value, Variable):
        return Variable(value.array, requires_grad=False)
    return value


def get_current_reporter() -> Reporter:
    """The reporter of the innermost active ``with reporter`` / ``reporter.scope`` block."""
    if not _stack.reporters:
        raise InvalidValueError("flexgrad.get_current_reporter: no reporter is active "
                                "(use `with reporter:` or `with reporter.scope({}):`)")
    return _stack.reporters[-1]


def report(values: Mapping[str, Any], observer: Any = None) -> None:
    """Report ``values`` to the current reporter; does nothing when none is active."""
    if _stack.reporters:
        _stack.reporters[-1].report(values, observer)


@contextlib.contextmanager
def report_scope(observation: dict[str, Any]) -> Iterator[None]:
    """Send the current reporter's reports into ``observation`` for the block."""
    with get_current_reporter().scope(observation):
        yield


class Summary:
    """A running (weighted) mean and standard deviation of scalars.

    Arrays stay on their device, so adding a GPU loss does not wait for the GPU; a lazy
    (Dask) value is computed when added, so a summary never holds an epoch of graphs.
    """

    def __init__(self) -> None:
        self._x: Any = 0.0
        self._x2: Any = 0.0
        self._n: Any = 0

    def add(self, value: Any, weight: Any = 1) -> None:
        """Add ``value`` (a scalar, 0-d array or Variable) with ``weight``."""
        value, weight = _scalar(value), _scalar(weight)
        self._x += weight * value
        self._x2 += weight * value * value
        self._n += weight

    def compute_mean(self) -> Any:
        """The weighted mean of the values added so far."""
        return self._x / self._n

    def make_statistics(self) -> tuple[Any, Any]:
        """``(mean, std)`` of the values added so far."""
        mean = self._x / self._n
        var = self._x2 / self._n - mean * mean  # may round to just below 0
        if backends.is_array(var):
            xp = backends.backend_of(var).xp
            return mean, xp.sqrt(xp.where(var > 0, var, xp.zeros_like(var)))
        return mean, math.sqrt(max(var, 0.0))

    def serialize(self, serializer: Any) -> None:
        self._x = serializer("_x", self._x)
        self._x2 = serializer("_x2", self._x2)
        self._n = serializer("_n", self._n)


def _scalar(value: Any) -> Any:
    """A Variable's array; a lazy array computed to a float."""
    if isinstance(value, Variable):
        value = value.array
    if backends.is_array(value) and backends.backend_of(value).is_lazy:
        return float(backends.backend_of(value).to_numpy(value))
    return value


class DictSummary:
    """A :class:`Summary` per key of the dicts added (what ``LogReport`` averages).

    Values that are not numbers (strings, None) are skipped; a ``(value, weight)`` pair
    adds ``value`` with that weight.
    """

    def __init__(self) -> None:
        self._summaries: dict[str, Summary] = {}

    def add(self, d: Mapping[str, Any]) -> None:
        for key, value in d.items():
            weight: Any = 1
            if isinstance(value, tuple):
                value, weight = value
            if isinstance(value, Variable) or backends.is_array(value) or (
                    isinstance(value, (int, float)) and not isinstance(value, bool)):
                self._summaries.setdefault(key, Summary()).add(value, weight)

    def compute_mean(self) -> dict[str, Any]:
        """``{key: mean}``."""
        return {key: summary.compute_mean() for key, summary in self._summaries.items()}

    def make_statistics(self) -> dict[str, Any]:
        """``{key: mean, key + '.std': std}``."""
        stats: dict[str, Any] = {}
        for key, summary in self._summaries.items():
            stats[key], stats[key + ".std"] = summary.make_statistics()
        return stats

    def serialize(self, serializer: Any) -> None:
        """Save or load every key's summary; the keys travel as one JSON string."""
        serializer.declare_check("_names", json_text("a list of str", _are_names))
        names = json.loads(serializer("_names", json.dumps(list(self._summaries))))
        summaries = {name: self._summaries.get(name, Summary()) for name in names}
        for index, name in enumerate(names):
            summaries[name].serialize(serializer["_summaries"][str(index)])
        if not getattr(serializer, "checking", False):  # a check pass changes nothing
            self._summaries = summaries


def _are_names(value: Any) -> bool:
    """Whether ``value`` is a list of str (the keys of a saved DictSummary)."""
    return isinstance(value, list) and all(isinstance(name, str) for name in value)
