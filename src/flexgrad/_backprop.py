"""The backward traversal: nodes in reverse creation order, gradients summed at fan-in."""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Sequence
from typing import Any

from . import backends, function_hook
from ._row_sparse import RowSparse
from .configuration import config, using_config
from .errors import InvalidTypeError, InvalidValueError, describe
from .function_node import FunctionNode, check_finite
from .variable import Variable, _new_constant, as_variable


def _seed(y: Variable, gy: Any, loss_scale: float | None) -> Variable:
    """The starting gradient: the given one, or ones for a one-element output."""
    if gy is None:
        if y.size != 1:
            raise InvalidValueError(
                "flexgrad.backward: an output with more than one element needs a starting "
                f"gradient (set y.grad or pass grad_outputs), got {describe(y)}"
            )
        gy = Variable(backends.backend_of(y.array).xp.ones_like(y.array), requires_grad=False)
    elif not isinstance(gy, Variable):
        gy = Variable(gy, requires_grad=False)
    if tuple(gy.shape) != tuple(y.shape):
        raise InvalidValueError(
            f"flexgrad.backward: starting gradient expected shape {tuple(y.shape)}, "
            f"got {describe(gy)}"
        )
    if loss_scale is not None:
        gy = gy * loss_scale
    return gy


def _accumulate(old: Variable | None, new: Variable) -> Variable:
    if old is None:
        return new
    a, b = old._data, new._data
    # no graph to record: add the arrays directly, unless Add must report a mismatch
    if config.enable_backprop or a.dtype != b.dtype or a.shape != b.shape:
        return _dense(old) + _dense(new)
    total = a + b  # a row-sparse gradient gathers rows, or adds to a dense one
    if type(total) is not type(a) and type(total) is not RowSparse and type(a) is not RowSparse:
        total = backends.backend_of(a).as_array(total)  # NumPy: 0-d + 0-d is a scalar
    return _new_constant(total)


def _dense(g: Variable) -> Variable:
    """``g``, or a dense copy of a row-sparse gradient (for a node to add it)."""
    return _new_constant(g._data.dense()) if type(g._data) is RowSparse else g


def backward(
    outputs: Sequence[Variable],
    grad_outputs: Sequence[Any],
    *,
    retain_grad: bool = False,
    enable_double_backprop: bool = False,
    loss_scale: float | None = None,
    retain_graph: bool = False,
    targets: dict[Any, Any] | None = None,
) -> None:
    """Propagate gradients from ``outputs`` to every leaf (or into ``targets``).

    With ``targets`` (a dict keyed by graph vertex: a leaf Variable or ``(creator, index)``),
    gradients reaching those vertices are stored there and no leaf's ``grad`` is touched.
    """
    keep_graph = retain_graph or enable_double_backprop or config.retain_graph
    # _in_backward: debug mode checks what each backward returns, naming the node and the
    # input, instead of the anonymous ops computing it
    with using_config("enable_backprop", enable_double_backprop), \
            using_config("_in_backward", True):
        pending: dict[FunctionNode, list[Any]] = {}
        heap: list[tuple[int, int, FunctionNode]] = []
        order = itertools.count()

        def send(edge: Any, grad: Variable) -> None:
            if type(edge) is tuple:
                creator, index = edge
                slots = pending.get(creator)
                if slots is None:
                    slots = pending[creator] = [None] * len(creator._outputs)
                    heapq.heappush(heap, (-creator.rank, next(order), creator))
                old = slots[index]
                slots[index] = grad if old is None else _accumulate(old, grad)
            elif targets is None:
                if edge.requires_grad:
                    if grad._data.shape != edge._data.shape:
                        _raise_shape(grad, edge._data.shape)
                    old = edge._grad_var
                    edge._grad_var = grad if old is None else _accumulate(old, grad)
            elif edge in targets:
                targets[edge] = _accumulate(targets[edge], grad)

        for y, gy in zip(outputs, grad_outputs, strict=True):
            gy = _seed(y, gy, loss_scale)
            send(y if y._creator is None else (y._creator, y._index), gy)
        useful = None if targets is None else _nodes_leading_to(outputs, targets)

        while heap:
            node = heapq.heappop(heap)[2]
            grads = pending.pop(node)
            if targets is not None:
                for i, g in enumerate(grads):
                    if (node, i) in targets and g is not None:
                        targets[(node, i)] = _accumulate(targets[(node, i)], g)
            if retain_grad:
                _set_intermediate_grads(node, grads)
            edges = node._edges
            if useful is None:
                indexes = _grad_indexes(edges)
            else:  # grad(): only the inputs through which a target is reached
                indexes = tuple([i for i, e in enumerate(edges) if _leads(e, targets, useful)])
            if not indexes:
                continue
            gxs = _call_backward(node, indexes, tuple(grads))
            if not keep_graph:
                node.release()
            # zip(strict=True) would double this loop's cost; _call_backward checked lengths
            for i, gx in zip(indexes, gxs):  # noqa: B905
                if gx is not None:
                    send(edges[i], gx)


def _leads(edge: Any, targets: dict[Any, Any], useful: set[FunctionNode]) -> bool:
    """Whether a gradient sent along ``edge`` can reach one of ``targets``."""
    if edge is None:
        return False
    return edge in targets or (type(edge) is tuple and edge[0] in useful)


def _nodes_leading_to(outputs: Sequence[Variable], targets: dict[Any, Any]) -> set:
    """The nodes behind ``outputs`` from which some target is reachable (post-order DFS)."""
    useful: set[FunctionNode] = set()
    seen: set[FunctionNode] = set()
    stack = [(y._creator, False) for y in outputs if y._creator is not None]
    while stack:
        node, children_done = stack.pop()
        if children_done:
            if any(_leads(e, targets, useful) for e in node._edges):
                useful.add(node)
            continue
        if node in seen:
            continue
        seen.add(node)
        stack.append((node, True))
        stack.extend((e[0], False) for e in node._edges if type(e) is tuple and e[0] not in seen)
    return useful


_RANGES = [tuple(range(n)) for n in range(8)]  # the common all-inputs cases, prebuilt


def _grad_indexes(edges: tuple) -> tuple[int, ...]:
    """Positions of the edges a gradient flows into (those that are not None)."""
    for e in edges:
        if e is None:
            return tuple([i for i, e in enumerate(edges) if e is not None])
    return _RANGES[len(edges)] if len(edges) < len(_RANGES) else tuple(range(len(edges)))


def _call_backward(node: FunctionNode, indexes: tuple[int, ...], grads: tuple) -> tuple:
    if function_hook.active_count:
        gxs = _hooked_backward(node, indexes, grads)
    else:
        gxs = node.backward(indexes, grads)
    if type(gxs) is not tuple:
        gxs = tuple(gxs) if isinstance(gxs, list) else (gxs,)
    if len(gxs) != len(indexes):
        if len(gxs) != len(node._edges):
            raise InvalidValueError(
                f"{node.label}.backward returned {len(gxs)} gradients for "
                f"{len(node._edges)} inputs ({len(indexes)} asked for)"
            )
        gxs = tuple([gxs[i] for i in indexes])
    for g in gxs:
        if g is not None and not isinstance(g, Variable):  # arrays are wrapped (rare)
            gxs = tuple([g if g is None else as_variable(g) for g in gxs])
            break
    if config.debug:
        shapes = getattr(node, "_input_shapes", None)
        for i, g in zip(indexes, gxs, strict=True):
            if g is None:
                continue
            if shapes is not None and tuple(g.shape) != shapes[i]:
                _raise_shape(g, shapes[i], f"{node.label}.backward, input {i}")
            array = g._data  # a row-sparse gradient: its rows' values
            for values in [v for _, v in array.chunks] if type(array) is RowSparse else [array]:
                check_finite(values, f"{node.label} backward produced a NaN or Inf in the "
                             f"gradient of input {i}", node)
    return gxs


def _raise_shape(grad: Variable, expected: Any, where: str = "a leaf's gradient") -> None:
    raise InvalidValueError(
        f"flexgrad.backward: {where} expected shape {tuple(expected)}, got {describe(grad)}; "
        "a FunctionNode.backward must return gradients shaped like its inputs "
        "(sum_to after broadcasting)"
    )


def _set_intermediate_grads(node: FunctionNode, grads: list[Any]) -> None:
    for ref, g in zip(node._outputs, grads, strict=True):
        y = ref()
        if y is not None and g is not None:
            y._grad_var = g


def grad(
    outputs: Sequence[Variable],
    inputs: Sequence[Variable],
    grad_outputs: Sequence[Any] | None = None,
    grad_inputs: Sequence[Any] | None = None,
    set_grad: bool = False,
    retain_grad: bool = False,
    enable_double_backprop: bool = False,
    loss_scale: float | None = None,
    *,
    retain_graph: bool = False,
) -> list[Variable | None]:
    """Gradients of ``outputs`` with respect to ``inputs``, without touching any ``.grad``.

    Returns one Variable (or None where no path leads) per input. ``grad_inputs`` are added
    to the results; ``set_grad=True`` also stores them in the inputs' ``grad_var``.
    """
    outputs, inputs = _as_list("outputs", outputs), _as_list("inputs", inputs)
    if grad_outputs is None:
        grad_outputs = [None] * len(outputs)
    if len(grad_outputs) != len(outputs):
        raise InvalidValueError(
            f"flexgrad.grad: argument 'grad_outputs' expected {len(outputs)} entries, "
            f"got {len(grad_outputs)}"
        )
    vertices = [x if x._creator is None else (x._creator, x._index) for x in inputs]
    targets: dict[Any, Any] = dict.fromkeys(vertices)
    backward(
        outputs,
        grad_outputs,
        retain_grad=retain_grad,
        enable_double_backprop=enable_double_backprop,
        loss_scale=loss_scale,
        retain_graph=retain_graph,
        targets=targets,
    )
    results = [r if r is None or type(r._data) is not RowSparse else
               _new_constant(r._data.dense()) for r in (targets[v] for v in vertices)]
    if grad_inputs is not None:
        results = [
            r if gi is None else _accumulate(r, gi if isinstance(gi, Variable) else
                                             Variable(gi, requires_grad=False))
            for r, gi in zip(results, grad_inputs, strict=False)
        ]
    if set_grad:
        for x, r in zip(inputs, results, strict=True):
            x._grad_var = r
    return results


def _as_list(name: str, values: Any) -> list[Variable]:
    values = list(values) if isinstance(values, (list, tuple)) else [values]
    for v in values:
        if not isinstance(v, Variable):
            raise InvalidTypeError(
                f"flexgrad.grad: argument '{name}' expected Variables, got {describe(v)}"
            )
    return values


def _hooked_backward(node: FunctionNode, indexes: tuple[int, ...], grads: tuple) -> Any:
    """``node.backward`` between the thread's function hooks' callbacks."""
    hooks = list(function_hook.thread_hooks().values())
    if not hooks:
        return node.backward(indexes, grads)
    in_data = node._retained_data()
    out_grad = tuple([None if g is None else g.array for g in grads])
    for hook in hooks:
        hook.backward_preprocess(node, in_data, out_grad)
    gxs = node.backward(indexes, grads)
    for hook in hooks:
        hook.backward_postprocess(node, in_data, out_grad)
    return gxs
