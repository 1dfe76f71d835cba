"""Chainer's ``Evaluator``: the mean loss and metrics of a model on a validation set."""

from __future__ import annotations

import copy
import warnings
from collections.abc import Callable
from typing import Any

from ... import backends
from ...configuration import no_backprop_mode, using_config
from ...dataset import concat_examples
from ...reporter import DictSummary, Reporter, report, report_scope
from .._check import fail
from .._lazy import materialized
from ..extension import PRIORITY_WRITER, Extension
from ..updaters.standard_updater import as_named, call_with_batch


class Evaluator(Extension):
    """Runs the target over a whole (non-repeating) iterator and reports the means.

    Registered as ``'validation'``, it reports ``'validation/main/loss'`` and the like:
    whatever the target reports, averaged over the batches (each batch weighs the same,
    as in Chainer). It runs with ``config.train = False`` and no graph recorded, and
    resets the iterator first (an iterator without ``reset`` is copied instead).

    Args:
        iterator: a dataset iterator with ``repeat=False``, or a dict with ``'main'``.
        target: the link to evaluate (a dict of links with ``'main'``).
        converter: ``converter(batch, device)`` makes arrays from the examples.
        device: where the batches go (``'@dask'``, ``'@cupy:0'``, ...).
        eval_hook: ``eval_hook(evaluator)`` is called before each evaluation.
        eval_func: called on each batch instead of the main target.
    """

    trigger = (1, "epoch")
    default_name = "validation"
    priority = PRIORITY_WRITER
    name = None

    _where = "flexgrad.training.extensions.Evaluator"

    def __init__(self, iterator: Any, target: Any,
                 converter: Callable[..., Any] = concat_examples, device: Any = None,
                 eval_hook: Callable[[Evaluator], None] | None = None,
                 eval_func: Callable[..., Any] | None = None) -> None:
        self._iterators = as_named(iterator, "iterator", self._where, "a dataset iterator")
        self._targets = as_named(target, "target", self._where, "a link")
        for name, link in self._targets.items():
            if not hasattr(link, "namedlinks"):
                fail(self._where, "target", "a Link or a dict of Links",
                     f"{name!r}: {type(link).__name__}", kind="type")
        self.converter = converter
        self.device = None if device is None else backends.get_device(device)
        self.eval_hook = eval_hook
        self.eval_func = eval_func
        for name, it in self._iterators.items():
            if getattr(it, "repeat", False):
                warnings.warn(f"{self._where}: the iterator {name!r} has repeat=True, so the "
                              "evaluation may never end; make it with repeat=False",
                              stacklevel=2)

    def get_iterator(self, name: str) -> Any:
        return self._iterators[name]

    def get_all_iterators(self) -> dict[str, Any]:
        return dict(self._iterators)

    def get_target(self, name: str) -> Any:
        return self._targets[name]

    def get_all_targets(self) -> dict[str, Any]:
        return dict(self._targets)

    def __call__(self, trainer: Any = None) -> dict[str, Any]:
        """Evaluate, report the means to the current reporter (if any), and return them."""
        reporter = Reporter()
        prefix = "" if self.name is None else self.name + "/"
        for name, target in self._targets.items():
            reporter.add_observer(prefix + name, target)
            reporter.add_observers(prefix + name, target.namedlinks(skipself=True))
        with reporter, using_config("train", False):
            result = self.evaluate()
        report(result)
        return result

    def evaluate(self) -> dict[str, Any]:
        """The mean of every value reported while running over the iterator."""
        iterator = self._iterators["main"]
        eval_func = self.eval_func or self._targets["main"]
        if self.eval_hook:
            self.eval_hook(self)
        if hasattr(iterator, "reset"):
            iterator.reset()
            it = iterator
        else:
            it = copy.copy(iterator)
        summary = DictSummary()
        for batch in it:
            observation: dict[str, Any] = {}
            with report_scope(observation):
                in_arrays = self.converter(batch, self.device)
                with no_backprop_mode():
                    call_with_batch(eval_func, in_arrays)
            summary.add(materialized(observation))
        return summary.compute_mean()

    def finalize(self) -> None:
        for iterator in self._iterators.values():
            iterator.finalize()
