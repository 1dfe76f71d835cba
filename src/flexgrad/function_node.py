"""FunctionNode: one op in the recorded graph. Forward on arrays, backward on Variables."""

from __future__ import annotations

import threading
import traceback
import weakref
from collections.abc import Sequence
from typing import Any

from . import backends, function_hook
from .configuration import config
from .errors import (
    BackendMismatchError,
    GraphReleasedError,
    InvalidTypeError,
    NumericalError,
    describe,
)
from .variable import Variable, _new_constant, _new_output

_RELEASED = ("released",)


class _Observers(threading.local):
    """What watches this thread's ops besides function hooks: the recording of a
    ``static_graph`` (it counts in ``function_hook.active_count`` while it records, so
    with none active an op pays nothing more than that one check)."""

    recorder: Any = None


observers = _Observers()


class FunctionNode:
    """Base class of every differentiable op; subclass it to write your own.

    ``forward(inputs)`` computes on raw arrays with ``self.xp`` and returns a tuple of
    arrays; ``backward(target_input_indexes, grad_outputs)`` returns gradients as
    Variables computed with flexgrad functions, so they can be differentiated again.
    Keep what backward needs with ``retain_inputs``/``retain_outputs``.

    The graph is stored as edges: for each input, ``None`` (no gradient flows there),
    the leaf Variable itself, or ``(creator, output_index)`` of the node that made it.
    Intermediate Variables are therefore never kept alive by the graph, only the arrays
    a node retains.
    """

    __slots__ = (
        "backend",
        "rank",
        "_edges",
        "_outputs",
        "_retained_inputs",
        "_retained_outputs",
        "stack",
        "_input_shapes",
        "__weakref__",
    )
    backend: backends.Backend
    rank: int
    _edges: tuple[Any, ...]  # per input: None, a leaf Variable, or (creator, output index)
    _outputs: tuple[weakref.ref[Variable], ...]
    # indexes while forward runs, then (index, array) pairs, or _RELEASED after backward
    _retained_inputs: tuple[Any, ...]
    _retained_outputs: tuple[Any, ...]
    stack: list[traceback.FrameSummary]
    _input_shapes: tuple[tuple[int, ...], ...]

    # -- to override ------------------------------------------------------------------------
    def forward(self, inputs: tuple[Any, ...]) -> tuple[Any, ...]:
        """Compute outputs from input arrays; the default dispatches to Chainer's split."""
        name = self.backend.name
        if name == "numpy" and hasattr(self, "forward_cpu"):
            return self.forward_cpu(inputs)
        if name == "cupy" and hasattr(self, "forward_gpu"):
            return self.forward_gpu(inputs)
        raise NotImplementedError(f"{self.label}.forward is not implemented for {name} arrays")

    def backward(
        self, target_input_indexes: tuple[int, ...], grad_outputs: tuple[Variable | None, ...]
    ) -> tuple[Variable | None, ...]:
        """Gradients for the inputs in ``target_input_indexes`` (or one per input)."""
        raise NotImplementedError(f"{self.label} has no backward")

    # -- what forward and backward use ------------------------------------------------------
    @property
    def xp(self) -> Any:
        """The Array API namespace of this call's inputs."""
        return self.backend.xp

    @property
    def label(self) -> str:
        return type(self).__name__

    def retain_inputs(self, indexes: Sequence[int]) -> None:
        """Keep these inputs' arrays for backward (call from ``forward``)."""
        self._retained_inputs = tuple(indexes)

    def retain_outputs(self, indexes: Sequence[int]) -> None:
        """Keep these outputs' arrays for backward (call from ``forward``)."""
        self._retained_outputs = tuple(indexes)

    def get_retained_inputs(self) -> tuple[Variable, ...]:
        """The retained inputs as Variables still connected to the graph."""
        retained = self._retained_inputs
        if retained is _RELEASED:
            self._raise_released()
        edges = getattr(self, "_edges", None)
        return tuple([
            self._variable_for_input(edges[i] if edges else None, a) for i, a in retained
        ])

    def get_retained_outputs(self) -> tuple[Variable, ...]:
        """The retained outputs as Variables created by this node (double backprop flows)."""
        retained = self._retained_outputs
        if retained is _RELEASED:
            self._raise_released()
        return tuple([_new_output(array, self, i) for i, array in retained])

    def get_retained_arrays(self, outputs: bool = False) -> tuple[Any, ...]:
        """The retained inputs' (or outputs') raw arrays, for a backward that records no graph."""
        retained = self._retained_outputs if outputs else self._retained_inputs
        if retained is _RELEASED:
            self._raise_released()
        return tuple([array for _, array in retained])

    # -- applying ---------------------------------------------------------------------------
    def apply(self, inputs: Sequence[Any]) -> tuple[Variable, ...]:
        """Run forward on ``inputs`` (Variables or arrays), recording the graph if needed."""
        arrays = tuple([x._data if isinstance(x, Variable) else x for x in inputs])
        self.backend = backend = self._backend_of(arrays)
        self._retained_inputs = self._retained_outputs = ()
        if function_hook.active_count:
            outputs = self._hooked_forward(inputs, arrays)
        else:
            outputs = self.forward(arrays)
        if type(outputs) is not tuple:
            self._refuse_non_tuple(outputs)
        array_type = backend.array_type
        if config.enable_backprop and _requires_grad(inputs):
            return self._record(inputs, arrays, outputs, array_type)
        # no graph: the node is dropped, so its retained indexes are never resolved
        ys = tuple([
            _new_constant(y if type(y) is array_type else self._adopt(y, i))
            for i, y in enumerate(outputs)
        ])
        # raw-array inputs, no_backprop_mode, evaluation: checked too
        if config.debug and not getattr(config, "_in_backward", False):
            self._debug_forward(arrays, ys)
        return ys

    def _record(
        self, inputs: Sequence[Any], arrays: tuple, outputs: tuple[Any, ...], array_type: type
    ) -> tuple[Variable, ...]:
        """Wire this node into the graph, keep the retained arrays and wrap the outputs."""
        if self._retained_inputs:
            self._retained_inputs = tuple([(i, arrays[i]) for i in self._retained_inputs])
        rank = 0
        edges: list[Any] = []
        for x in inputs:
            if isinstance(x, Variable) and x.requires_grad:
                creator = x._creator
                if creator is None:
                    edges.append(x)
                else:
                    edges.append((creator, x._index))
                    if creator.rank >= rank:
                        rank = creator.rank + 1
            else:
                edges.append(None)
        self.rank = rank
        self._edges = tuple(edges)
        ys: tuple[Variable, ...]
        if len(outputs) == 1:  # fast path: one output needs no lists built
            (y,) = outputs
            ys = (_new_output(y if type(y) is array_type else self._adopt(y, 0), self, 0),)
            self._outputs = (weakref.ref(ys[0]),)
        else:
            ys = tuple([
                _new_output(y if type(y) is array_type else self._adopt(y, i), self, i)
                for i, y in enumerate(outputs)
            ])
            self._outputs = tuple([weakref.ref(y) for y in ys])
        if self._retained_outputs:
            self._retained_outputs = tuple([(i, ys[i]._data) for i in self._retained_outputs])
        if config.debug:
            self._debug_forward(arrays, ys)
        return ys

    # -- helpers ----------------------------------------------------------------------------
    def _refuse_non_tuple(self, outputs: Any) -> None:
        """A bare array would be unpacked along its first axis into many outputs."""
        if isinstance(outputs, tuple):  # a tuple subclass (namedtuple) is a tuple
            return
        raise InvalidTypeError(
            f"{self.label}.forward: expected a tuple of output arrays, got "
            f"{describe(outputs)}; return (y,) for one output"
        )

    def _adopt(self, y: Any, index: int) -> Any:
        """Output ``index`` as an array of this call's backend (NumPy's 0-d scalars become
        0-d arrays); another library's array means forward left the backend: refused."""
        backend = self.backend
        owner = backends.backend_by_type(type(y))
        if owner is None:
            owner = _owner(y)
        if owner is not backend:
            raise BackendMismatchError(
                f"{self.label}.forward: output {index} expected an array of its inputs' "
                f"backend ({backend.name}), got {describe(y)}; forward left the backend "
                "(compute with self.xp, not numpy or another library)"
            )
        return backend.as_array(y)

    def _hooked_forward(self, inputs: Sequence[Any], arrays: tuple[Any, ...]) -> tuple[Any, ...]:
        """``forward`` between the thread's function hooks' callbacks, recorded when a
        ``static_graph`` records."""
        hooks = list(function_hook.thread_hooks().values())
        for hook in hooks:
            hook.forward_preprocess(self, arrays)
        recorder = observers.recorder
        if recorder is None:
            outputs = self.forward(arrays)
        else:
            outputs = recorder.forward(self, inputs, arrays)
        for hook in hooks:
            hook.forward_postprocess(self, arrays)
        return outputs

    def _retained_data(self, outputs: bool = False) -> tuple[Any, ...]:
        """One entry per input (or output): its retained array, or None (old-style
        functions and backward hooks see the arrays this way)."""
        retained = self._retained_outputs if outputs else self._retained_inputs
        if retained is _RELEASED:
            self._raise_released()
        data: list[Any] = [None] * len(self._outputs if outputs else self._edges)
        for i, array in retained:
            data[i] = array
        return tuple(data)

    def _backend_of(self, arrays: tuple[Any, ...]) -> backends.Backend:
        first = arrays[0]
        first_type = type(first)
        # fast path: one known array type for all inputs
        backend = backends.backend_by_type(first_type)
        if backend is not None:
            for a in arrays:
                if type(a) is not first_type:
                    break
            else:
                return backend
        try:
            backend = backends.backend_of(first)
        except TypeError:
            raise InvalidTypeError(
                f"{self.label}: input 0 expected an array or Variable, got {describe(first)}"
            ) from None
        for i, a in enumerate(arrays[1:], 1):
            if type(a) is not first_type:
                try:
                    other = backends.backend_of(a)
                except TypeError:
                    raise InvalidTypeError(
                        f"{self.label}: input {i} expected an array or Variable, "
                        f"got {describe(a)}"
                    ) from None
                if other is not backend:
                    raise BackendMismatchError(
                        f"{self.label}: inputs live on different backends: input 0 is a "
                        f"{describe(first)}, input {i} is a {describe(a)}; move one with "
                        "to_device()"
                    )
        return backend

    def _variable_for_input(self, edge: Any, array: Any) -> Variable:
        if edge is None:
            return Variable(array, requires_grad=False)
        if isinstance(edge, Variable):
            return edge
        creator, index = edge
        return _new_output(array, creator, index)

    def _raise_released(self) -> None:
        raise GraphReleasedError(
            f"{self.label}: the arrays this node kept for backward were released by an earlier "
            "backward pass through it; pass retain_graph=True (or enable_double_backprop=True) "
            "to the first backward() to traverse the graph again, or run both under "
            "flexgrad.using_config('retain_graph', True) (Chainer's behaviour; e.g. a GAN "
            "updater whose two optimizer.update calls share a graph)"
        )

    def release(self) -> None:
        """Drop the arrays kept for backward; a later backward through here raises."""
        if self._retained_inputs:
            self._retained_inputs = _RELEASED
        if self._retained_outputs:
            self._retained_outputs = _RELEASED

    def _debug_forward(self, arrays: tuple[Any, ...], ys: tuple[Variable, ...]) -> None:
        """Debug mode: remember where the op was created and its input shapes; check ys."""
        self.stack = traceback.extract_stack()[:-3]
        self._input_shapes = tuple([tuple(a.shape) for a in arrays])
        for i, y in enumerate(ys):
            check_finite(y._data, f"{self.label} forward produced a NaN or Inf in output {i}",
                         self)

    def __repr__(self) -> str:
        return f"<{self.label} rank={getattr(self, 'rank', '?')}>"


def _requires_grad(inputs: Sequence[Any]) -> bool:
    """Whether any input is a Variable that needs a gradient."""
    for x in inputs:
        if isinstance(x, Variable) and x.requires_grad:
            return True
    return False


def _owner(array: Any) -> backends.Backend | None:
    """The backend owning an array of a type not seen yet, or None if it is no array."""
    try:
        return backends.backend_of(array)
    except TypeError:
        return None


def check_finite(array: Any, what: str, node: FunctionNode) -> None:
    """Raise NumericalError naming ``node`` and where in user code it was created."""
    xp = backends.backend_of(array).xp
    if not backends.backend_of(array).is_floating(array.dtype):
        return
    if bool(xp.all(xp.isfinite(array))):
        return
    where = ""
    stack = getattr(node, "stack", None)
    if stack:
        frame = _user_frame(stack)
        where = f"; the op was created at {frame.filename}:{frame.lineno} ({frame.line})"
    raise NumericalError(what + where)


def _user_frame(stack: list[traceback.FrameSummary]) -> traceback.FrameSummary:
    """The innermost frame outside flexgrad itself."""
    for frame in reversed(stack):
        if "/flexgrad/" not in frame.filename.replace("\\", "/"):
            return frame
    return stack[-1]
