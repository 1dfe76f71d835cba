"""Variable and Parameter: arrays that remember which op made them."""

from __future__ import annotations

import copy
import math
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from . import backends
from ._row_sparse import RowSparse
from .errors import InvalidTypeError, InvalidValueError, describe

if TYPE_CHECKING:
    from .function_node import FunctionNode


class Variable:
    """An array plus its place in the graph: ``creator`` (the op that made it) and ``grad``.

    Args:
        data: an array of any Array API library (NumPy, CuPy, Dask, ...), or None.
        name: a label shown in reprs and graph drawings.
        requires_grad: whether backward should compute a gradient for this leaf.

    >>> import numpy as np, flexgrad, flexgrad.functions as F
    >>> x = flexgrad.Variable(np.array([1.0, 2.0]))
    >>> y = F.sum(x * x)
    >>> y.backward()
    >>> x.grad
    array([2., 4.])
    """

    __slots__ = ("_data", "_creator", "_index", "requires_grad", "_grad_var", "name",
                 "__weakref__")
    __array_ufunc__ = None  # numpy_array * variable defers to Variable.__rmul__
    __array_priority__ = 200

    def __init__(
        self,
        data: Any = None,
        *,
        name: str | None = None,
        grad: Any = None,
        requires_grad: bool = True,
    ) -> None:
        if isinstance(data, Variable):
            raise InvalidTypeError(
                "flexgrad.Variable: argument 'data' expected an array, got a Variable; "
                "use the Variable itself, or its .array"
            )
        if data is not None and not backends.is_array(data):
            raise InvalidTypeError(
                f"flexgrad.Variable: argument 'data' expected an array, got {describe(data)}"
            )
        self._data = data
        self._creator: FunctionNode | None = None
        self._index = 0
        self.requires_grad = requires_grad
        self._grad_var: Variable | None = None
        self.name = name
        if grad is not None:
            self.grad = grad

    # -- data -------------------------------------------------------------------------------
    @property
    def array(self) -> Any:
        """The underlying array."""
        return self._data

    @array.setter
    def array(self, value: Any) -> None:
        self._data = value

    data = array

    @property
    def grad_var(self) -> Variable | None:
        """The gradient as a Variable (part of a graph after double backprop)."""
        g = self._grad_var
        if g is not None and type(g._data) is RowSparse:  # asked for: made dense once
            g._data = g._data.dense()
        return g

    @grad_var.setter
    def grad_var(self, value: Variable | None) -> None:
        if value is not None and not isinstance(value, Variable):
            raise InvalidTypeError(
                f"flexgrad.Variable.grad_var: expected a Variable or None, got {describe(value)}"
            )
        self._grad_var = value

    @property
    def grad(self) -> Any:
        """The gradient array, or None before backward (an embedding's row-sparse
        gradient is made dense here, once)."""
        g = self.grad_var
        return None if g is None else g._data

    @grad.setter
    def grad(self, value: Any) -> None:
        if value is None:
            self._grad_var = None
            return
        if self._data is not None and tuple(value.shape) != tuple(self._data.shape):
            raise InvalidValueError(
                f"flexgrad.Variable.grad: expected shape {tuple(self._data.shape)}, "
                f"got {describe(value)}"
            )
        self._grad_var = Variable(value, requires_grad=False)

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(self._data.shape)

    @property
    def ndim(self) -> int:
        return self._data.ndim

    @property
    def size(self) -> int:
        return math.prod(self._data.shape)  # torch's .size is a method

    @property
    def dtype(self) -> Any:
        return self._data.dtype

    @property
    def label(self) -> str:
        """Short text for graphs and logs, as Chainer's: ``'(2, 3), float32'``."""
        if self._data is None:
            return "None"
        dtype = str(self.dtype).rsplit(".", 1)[-1]
        if not self.shape:
            return dtype
        return f"({', '.join(map(str, self.shape))}), {dtype}"

    @property
    def xp(self) -> Any:
        """Chainer's ``xp``: the array's library's own module (see ``Backend.user_xp``)."""
        return backends.backend_of(self._data).user_xp

    @property
    def device(self) -> backends.Device:
        return backends.get_device_from_array(self._data)

    def __len__(self) -> int:
        return self._data.shape[0]

    def __iter__(self):
        """Rows along the first axis, each a Variable (as iterating an array gives rows)."""
        return (self[i] for i in range(len(self)))

    def item(self) -> Any:
        """The value of a one-element Variable as a Python scalar (forces a lazy array)."""
        if self.size != 1:
            raise InvalidValueError(
                f"flexgrad.Variable.item: expected a Variable of size 1, got {describe(self)}"
            )
        return backends.backend_of(self._data).to_numpy(self._data).item()

    # -- graph ------------------------------------------------------------------------------
    @property
    def creator(self) -> FunctionNode | None:
        """The FunctionNode that produced this Variable (None for a leaf)."""
        return self._creator

    @property
    def rank(self) -> int:
        creator = self._creator
        return 0 if creator is None else creator.rank + 1

    def backward(
        self,
        retain_grad: bool = False,
        enable_double_backprop: bool = False,
        loss_scale: float | None = None,
        *,
        retain_graph: bool = False,
    ) -> None:
        """Accumulate d(self)/d(leaf) into every leaf's ``grad``.

        A one-element Variable starts from 1 when it has no ``grad`` of its own.
        ``retain_grad`` keeps intermediate grads; ``enable_double_backprop`` records the
        backward computation so gradients can be differentiated again. The arrays ops keep
        for backward are released as they are used unless ``retain_graph`` (or double
        backprop, or ``flexgrad.config.retain_graph``) is asked for.
        """
        from ._backprop import backward

        backward(
            [self],
            [self._grad_var],
            retain_grad=retain_grad,
            enable_double_backprop=enable_double_backprop,
            loss_scale=loss_scale,
            retain_graph=retain_graph,
        )

    def cleargrad(self) -> None:
        """Forget the gradient (the next backward starts it afresh)."""
        self._grad_var = None

    def zerograd(self) -> None:
        """Set the gradient to zeros (Chainer's older way to reset it)."""
        xp = backends.backend_of(self._data).xp
        self._grad_var = Variable(xp.zeros_like(self._data), requires_grad=False)

    def unchain(self) -> None:
        """Cut this Variable from its creator: it becomes a leaf."""
        self._creator = None
        self._index = 0

    def unchain_backward(self) -> None:
        """Cut every edge behind this Variable (truncated backprop through time).

        On a lazy backend (Dask) the Variables still alive behind it (an RNN's state, this
        Variable) are materialized too: their history is being dropped, so their task
        graphs must not keep growing with it.
        """
        creator = self._creator
        self.unchain()
        lazy = self._data is not None and backends.backend_of(self._data).is_lazy
        alive: list[Variable] = [self] if lazy else []
        stack = [creator] if creator is not None else []
        seen: set[int] = set()
        while stack:
            node = stack.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            for edge in node._edges:
                if type(edge) is tuple:
                    stack.append(edge[0])
            node._edges = tuple(None for _ in node._edges)
            if lazy:
                alive += [v for v in (ref() for ref in node._outputs) if v is not None]
        if alive:
            _materialize_variables(alive)

    # -- devices ----------------------------------------------------------------------------
    def to_device(self, device: Any) -> Variable:
        """Move the array (and grad) to ``device`` in place, as Chainer does; returns self."""
        target = backends.get_device(device)
        if self._data is not None:
            self._data = target.send(self._data)
        if self._grad_var is not None:
            self._grad_var._data = target.send(self.grad)
        return self

    def to_cpu(self) -> Variable:
        return self.to_device("@numpy")

    def to_gpu(self, device: int | None = None) -> Variable:
        return self.to_device(f"@cupy:{device or 0}")

    # -- views through functions ------------------------------------------------------------
    def reshape(self, *shape: Any) -> Variable:
        from .functions import reshape

        if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
            shape = tuple(shape[0])
        return reshape(self, shape)

    def transpose(self, *axes: Any) -> Variable:
        from .functions import transpose

        if len(axes) == 1 and (axes[0] is None or isinstance(axes[0], (tuple, list))):
            axes = axes[0]
        return transpose(self, axes or None)

    @property
    def T(self) -> Variable:
        return self.transpose()

    # -- display ----------------------------------------------------------------------------
    def __repr__(self) -> str:
        return self._display(repr)

    def __str__(self) -> str:
        """Chainer's ``print(v)``: ``variable([1. 2.])``, NumPy's ``str`` of the values."""
        return self._display(str)

    _KIND = "variable"  # what a repr calls it

    def _display(self, form: Callable[[Any], str]) -> str:
        prefix = f"{self._KIND} {self.name}(" if self.name else f"{self._KIND}("
        if self._data is None:
            return prefix + "None)"
        return f"{prefix}{_array_text(self._data, form, len(prefix))})"

    # -- comparisons have no derivative ----------------------------------------------------
    def __bool__(self) -> bool:
        raise InvalidTypeError(
            "flexgrad.Variable: the truth value of a Variable is ambiguous and has no gradient;"
            " compare the arrays instead (x.array > 0)"
        )

    def _no_comparison(self, other: Any) -> bool:
        raise InvalidTypeError(
            "flexgrad.Variable does not support comparisons; compare the arrays instead "
            "(x.array < y.array)"
        )

    __lt__ = __le__ = __gt__ = __ge__ = _no_comparison
    __hash__ = object.__hash__


class Parameter(Variable):
    """A Variable that a Link owns and an optimizer updates.

    Args:
        initializer: an array (used as the value), an initializer of
            ``flexgrad.initializers``, a scalar (a constant fill), or None (a NaN-filled
            parameter once ``initialize(shape)`` is called).
        shape: when given, the parameter is initialized at once.
    """

    __slots__ = ("initializer", "update_rule", "_sharers")

    def __init__(self, initializer: Any = None, shape: Any = None, name: str | None = None):
        self._sharers: list[weakref.ref] | None = None
        if backends.is_array(initializer):
            super().__init__(initializer, name=name)
            self.initializer = None
        else:
            super().__init__(None, name=name)
            self.initializer = initializer
            if shape is not None:
                self.initialize(shape)
        self.update_rule = None

    def replace_array(self, value: Any) -> None:
        """Give the parameter a new array, and the parameters that share this one too.

        What Chainer did in place (an optimizer's step, loading a file, ``copyparams``),
        flexgrad does by replacing the array; this keeps a ``Link.copy()`` following. Plain
        ``param.array = x`` rebinds this parameter alone, as in Chainer.
        """
        old, self._data = self._data, value
        if self._sharers is not None:
            for ref in self._sharers:
                other = ref()
                if other is not None and other is not self and other._data is old:
                    other._data = value

    def _shared(self) -> Parameter:
        """A new Parameter (with its own grad) that keeps this one's array, however often
        an optimizer replaces it, until one of them is given another (``Link.copy``)."""
        other = copy.copy(self)
        other._grad_var = None
        if self._sharers is None:
            self._sharers = [weakref.ref(self)]
        self._sharers.append(weakref.ref(other))
        other._sharers = self._sharers
        return other

    @property
    def is_initialized(self) -> bool:
        return self._data is not None

    def initialize(self, shape: Any, device: Any = "@numpy") -> None:
        """Create the array with ``shape`` on ``device`` from the initializer (an
        ``flexgrad.initializers`` object, a scalar, an array, or None for NaN)."""
        from .initializers import generate_array

        if self.initializer is None and self._data is not None:  # made from an array
            if tuple(self._data.shape) != tuple(shape):
                raise InvalidValueError(
                    f"flexgrad.Parameter.initialize: the parameter was given an array of shape "
                    f"{tuple(self._data.shape)}, but its link needs shape {tuple(shape)}")
            self._data = backends.get_device(device).send(self._data)
            return
        self.replace_array(generate_array(self.initializer, shape, device))

    _KIND = "parameter"


def _materialize_variables(variables: list[Variable]) -> None:
    """Replace the lazy arrays of ``variables`` by materialized ones, one call per backend."""
    groups: dict[Any, list[Variable]] = {}
    for v in variables:
        if v._data is not None:
            groups.setdefault(backends.backend_of(v._data), []).append(v)
    for backend, group in groups.items():
        for v, array in zip(group, backend.materialize([v._data for v in group]), strict=True):
            v._data = array


def as_variable(obj: Any) -> Variable:
    """``obj`` if it is a Variable, else a Variable wrapping it that needs no gradient."""
    if isinstance(obj, Variable):
        return obj
    return Variable(obj, requires_grad=False)


def as_array(obj: Any) -> Any:
    """The array inside a Variable, or ``obj`` itself."""
    return obj._data if isinstance(obj, Variable) else obj


def _new_output(array: Any, creator: FunctionNode, index: int) -> Variable:
    """A Variable made by ``creator`` (skips the checks of ``__init__``: hot path)."""
    v = _VARIABLE_NEW(Variable)
    v._data = array
    v._creator = creator
    v._index = index
    v.requires_grad = True
    v._grad_var = None
    v.name = None
    return v


def _new_constant(array: Any) -> Variable:
    """A leaf Variable that needs no gradient (skips the checks of ``__init__``: hot path)."""
    v = _VARIABLE_NEW(Variable)
    v._data = array
    v._creator = None
    v._index = 0
    v.requires_grad = False
    v._grad_var = None
    v.name = None
    return v


_VARIABLE_NEW = object.__new__


# Printing is asking for the values: a lazy (Dask) array up to NumPy's print threshold
# is computed for it, as NumPy, CuPy or torch would show it; a larger one is summarized.
_LAZY_SHOWN = 1000


def _array_text(array: Any, form: Callable[[Any], str], indent: int) -> str:
    """``form`` (``repr`` or ``str``) of the values as NumPy shows them, without NumPy's
    ``array(...)``, continuation lines indented by ``indent``."""
    backend = backends.backend_of(array)
    if backend.is_lazy and math.prod(array.shape) > _LAZY_SHOWN:
        return (f"<lazy {backend.name} array of shape {tuple(array.shape)} and dtype "
                f"{array.dtype}, not computed for display: .array.compute() has its values>")
    text = form(backend.to_numpy(array))
    if text.startswith("array("):
        text = text[len("array("):-1].replace("\n" + " " * len("array("), "\n")
    return text.replace("\n", "\n" + " " * indent)
