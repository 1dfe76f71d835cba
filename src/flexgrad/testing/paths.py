"""check_backprop_paths_agree: the first-order gradient, with and without a recorded graph.

Many ops compute their gradient twice: on raw arrays when no graph is asked for (the fast
path), and with flexgrad functions when ``enable_double_backprop`` records one. A bug in
the recorded path alone passes ``check_backward`` (which takes the fast path) and
``check_double_backward`` (which differentiates whatever the recorded path gives), and a
gradient penalty then trains on it silently.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy

from .. import backends
from .._backprop import grad
from ..errors import describe
from ..variable import Parameter, Variable, as_array
from .gradient_check import (
    GradientCheckError,
    _as_tuple,
    _float_dtypes,
    _grad_outputs,
    _is_float,
    _outputs,
)
from .tolerances import AGREEMENT, tolerances

_LABEL = "check_backprop_paths_agree"


def check_backprop_paths_agree(
    func: Callable[..., Any],
    x_data: Any,
    y_grad: Any = None,
    params: Sequence[Parameter] | Parameter = (),
    atol: float | None = None,
    rtol: float | None = None,
) -> None:
    """Assert that ``func``'s first-order gradients are the same whether or not backward
    records a graph for double backprop (``enable_double_backprop``).

    Args:
        func, x_data, y_grad, params: as in :func:`check_backward`; gradients are taken
            for the floating inputs and ``params``.
        atol, rtol: default by the least precise floating input, as in
            :func:`assert_backends_agree` (``1e-9, 1e-7`` in float64).

    Raises:
        GradientCheckError: (an AssertionError) naming each gradient that differs.

    >>> import numpy as np, flexgrad.functions as F
    >>> check_backprop_paths_agree(lambda x: F.tanh(x) * x, np.array([0.5, -1.0, 2.0]))
    """
    xs = tuple(as_array(x) for x in _as_tuple(x_data))
    params = _as_tuple(params)
    rtol, atol = tolerances(AGREEMENT, _float_dtypes(xs, params), rtol, atol)
    fast = _first_order(func, xs, y_grad, params, double=False)
    recorded = _first_order(func, xs, y_grad, params, double=True)
    names = [f"x_data[{i}]" for i, x in enumerate(xs) if _is_float(x)]
    names += [f"params[{j}]" for j in range(len(params))]
    failures = [_difference(name, f, r, rtol, atol)
                for name, f, r in zip(names, fast, recorded, strict=True)]
    failures = [f for f in failures if f]
    if failures:
        raise GradientCheckError(
            f"{_LABEL}: the first-order gradient differs between backward without a graph "
            "(enable_double_backprop=False) and with one (True) for " + "; ".join(failures))


def _first_order(func: Callable[..., Any], xs: tuple[Any, ...], y_grad: Any,
                 params: tuple[Parameter, ...], double: bool) -> list[Any]:
    """The gradients of the floating inputs and ``params``, as arrays (None: no path)."""
    xvars = [Variable(x, requires_grad=_is_float(x)) for x in xs]
    ys = _outputs(_LABEL, func(*xvars))
    gys = _grad_outputs(_LABEL, ys, y_grad)
    pairs = [(y, g) for y, g in zip(ys, gys, strict=True) if g is not None]
    targets = [x for x in xvars if x.requires_grad] + list(params)
    grads = grad([y for y, _ in pairs], targets, [g for _, g in pairs],
                 enable_double_backprop=double)
    return [None if g is None else g.array for g in grads]


def _difference(name: str, fast: Any, recorded: Any, rtol: float, atol: float) -> str:
    """What differs between the two gradients of ``name``, or '' when they agree."""
    if fast is None or recorded is None:
        if fast is None and recorded is None:
            return ""
        return f"{name}: without a graph {describe(fast)}, with one {describe(recorded)}"
    a, b = _host(fast), _host(recorded)
    if a.shape != b.shape or a.dtype != b.dtype:
        return f"{name}: without a graph {describe(fast)}, with one {describe(recorded)}"
    close = numpy.isclose(b, a, rtol=rtol, atol=atol, equal_nan=True)
    if close.all():
        return ""
    with numpy.errstate(invalid="ignore"):
        diff = numpy.where(close, 0.0, numpy.abs(b.astype(numpy.float64) - a))
    at = tuple(int(i) for i in numpy.unravel_index(numpy.argmax(numpy.nan_to_num(
        diff, nan=numpy.inf)), diff.shape))
    return (f"{name}: at index {at} without a graph {a[at]:.6g}, with one {b[at]:.6g}; "
            f"{int((~close).sum())} of {close.size} elements differ beyond rtol={rtol:g}, "
            f"atol={atol:g}")


def _host(array: Any) -> numpy.ndarray:
    backend = backends.backend_of(array)
    (present,) = backend.materialize([array])
    return numpy.asarray(backend.to_numpy(present))
