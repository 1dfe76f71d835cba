"""forget: run a function without keeping its graph, and run it again in backward.

Checkpointing: the intermediate values of ``func`` are dropped after the forward pass and
recomputed when the gradient is needed, trading compute for memory.

Backward is a ``Forget`` node too: it recomputes ``func`` and differentiates it, without
keeping that graph either, so double backprop works (and stays checkpointed) to any
order. Variables ``func`` uses without receiving them (a Link's parameters) are found
when the graph is first recorded and become inputs of the node, so they get their
gradients from the engine like the arguments do.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ... import backends
from ..._backprop import grad
from ...configuration import config, no_backprop_mode, using_config
from ...errors import describe, fail
from ...function_node import FunctionNode
from ...variable import Variable
from ..array._args import array_arg


class Forget(FunctionNode):
    """The outputs of ``func`` on the first ``n_args`` inputs; the rest of the inputs are
    ``hidden``, the Variables ``func`` uses by itself. Keeps only the inputs."""

    __slots__ = ("func", "n_args", "hidden", "_ahead")

    def __init__(self, func: Callable[..., Any], n_args: int, hidden: tuple[Variable, ...],
                 ahead: tuple[Any, ...] | None = None) -> None:
        self.func = func
        self.n_args = n_args
        self.hidden = hidden
        self._ahead = ahead  # the outputs, when already computed while finding ``hidden``

    def forward(self, inputs):
        self.retain_inputs(tuple(range(len(inputs))))
        if self._ahead is not None:
            ys, self._ahead = self._ahead, None
            return ys
        with no_backprop_mode():
            outs = _outputs(self.func(*_leaves(self.backend, inputs[:self.n_args])))
        return tuple(y.array for y in outs)

    def backward(self, indexes, grad_outputs):
        inputs = self.get_retained_inputs()
        wanted = tuple(i for i in indexes if self.backend.is_floating(inputs[i].dtype))
        live = tuple(k for k, g in enumerate(grad_outputs) if g is not None)
        if not wanted or not live:
            return (None,) * len(indexes)
        m = self.n_args
        gradient = _Gradient(self.func, m, self.hidden, live, wanted)
        args = list(inputs[:m]) + [grad_outputs[k] for k in live]
        gxs = iter(Forget(gradient, len(args), self.hidden).apply(args + list(inputs[m:])))
        return tuple(next(gxs) if i in wanted else None for i in indexes)


class _Gradient:
    """``(*args, *gys) -> gradients`` of ``func``'s ``live`` outputs with respect to the
    ``wanted`` positions of ``args + hidden``: the function a backward ``Forget`` runs."""

    __slots__ = ("func", "n_args", "hidden", "live", "wanted")

    def __init__(self, func: Callable[..., Any], n_args: int, hidden: tuple[Variable, ...],
                 live: tuple[int, ...], wanted: tuple[int, ...]) -> None:
        self.func, self.n_args, self.hidden = func, n_args, hidden
        self.live, self.wanted = live, wanted

    def __call__(self, *args: Variable) -> tuple[Variable, ...]:
        xs, gys = args[:self.n_args], args[self.n_args:]
        double = config.enable_backprop  # recorded only when a higher order is asked for
        with using_config("enable_backprop", True):
            outs = _outputs(self.func(*xs))
        sources = list(xs) + list(self.hidden)
        targets = [sources[i] for i in self.wanted]
        gxs = grad([outs[k] for k in self.live], targets, list(gys),
                   enable_double_backprop=double, retain_graph=True)
        return tuple(
            Variable(backends.zeros(t.shape, t), requires_grad=False) if g is None else g
            for t, g in zip(targets, gxs, strict=True)
        )


def _leaves(backend: backends.Backend, arrays: Sequence[Any]) -> list[Variable]:
    """Fresh graph leaves holding ``arrays``; floating ones need a gradient."""
    return [Variable(a, requires_grad=backend.is_floating(a.dtype)) for a in arrays]


def _outputs(result: Any) -> tuple[Variable, ...]:
    ys = result if isinstance(result, tuple) else (result,)
    for i, y in enumerate(ys):
        if not isinstance(y, Variable):
            fail("forget", "func", "a function returning a Variable or a tuple of Variables",
                 f"output {i}: {describe(y)}", kind="type")
    return ys


def _hidden_leaves(outs: Sequence[Variable], args: Sequence[Variable]) -> tuple[Variable, ...]:
    """The leaves needing a gradient that the recorded graph of ``outs`` reaches, other
    than ``args``: Variables ``func`` used without receiving them."""
    own = {id(a) for a in args}
    found: dict[int, Variable] = {}
    seen: set[int] = set()
    todo = []
    for y in outs:
        if y.creator is not None:
            todo.append(y.creator)
        elif y.requires_grad and id(y) not in own:
            found[id(y)] = y
    while todo:
        node = todo.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        for edge in node._edges:
            if isinstance(edge, Variable):
                if id(edge) not in own:
                    found.setdefault(id(edge), edge)
            elif edge is not None:
                todo.append(edge[0])
    return tuple(found.values())


def forget(func: Callable[..., Any], *xs: Variable | Any) -> Variable | tuple[Variable, ...]:
    """``func(*xs)``, computed without keeping its intermediate values for backward.

    Backward runs ``func`` again to get them (checkpointing): memory for compute. Gradients
    reach ``xs`` and any Variable ``func`` uses by itself (a Link's parameters), and double
    backprop works. ``func`` must compute the same values when run again: a random one
    (dropout) must be given its random draws (e.g. the mask) rather than draw anew.

    Args:
        func: a function of Variables returning a Variable or a tuple of Variables.
        xs: its arguments, Variables or arrays.

    Returns:
        What ``func`` returns.

    >>> import numpy as np, flexgrad, flexgrad.functions as F
    >>> x = flexgrad.Variable(np.array([1.0, 2.0]))
    >>> y = F.forget(lambda a: F.sum(F.exp(a) * a), x)
    >>> y.backward()
    >>> np.round(x.grad, 4)
    array([ 5.4366, 22.1672])
    """
    if not callable(func):
        fail("forget", "func", "a callable", func, kind="type")
    if not xs:
        fail("forget", "xs", "at least one argument", "none")
    arrays = [array_arg("forget", f"xs[{i}]", x) for i, x in enumerate(xs)]
    backend = backends.backend_of(arrays[0])
    args = _leaves(backend, arrays)
    if not config.enable_backprop:
        result = func(*args)
        _outputs(result)
        return result
    # Recorded once, to find the Variables func uses by itself; then the graph is dropped.
    result = func(*args)
    single = not isinstance(result, tuple)
    outs = _outputs(result)
    hidden = _hidden_leaves(outs, args)
    ahead = tuple(y.array for y in outs)
    del result, outs
    ys = Forget(func, len(xs), hidden, ahead).apply(list(xs) + list(hidden))
    return ys[0] if single else ys
