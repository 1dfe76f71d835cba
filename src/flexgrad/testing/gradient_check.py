"""check_backward and check_double_backward: backward against central differences.

As in Chainer, each gradient is compared along a random direction ``r``: backward gives
``g · r``, and central differences give ``d/dδ f(x + δr)`` at 0, two forward calls per
input instead of two per element. Every input (and parameter) gets its own direction, so
a mismatch names the input; for small inputs the report adds the elementwise error.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy

from .. import backends
from .._backprop import grad
from ..errors import InvalidTypeError, InvalidValueError, describe
from ..variable import Parameter, Variable, as_array
from .numerical import as_arrays, central_difference, numerical_grad
from .tolerances import DOUBLE, GRADIENT, tolerances

_ELEMENTWISE_LIMIT = 256  # report elementwise errors for inputs up to this size


class GradientCheckError(AssertionError):
    """Backward disagrees with central differences."""


def check_backward(
    func: Callable[..., Any],
    x_data: Any,
    y_grad: Any = None,
    params: Sequence[Parameter] | Parameter = (),
    eps: float = 1e-3,
    atol: float | None = None,
    rtol: float | None = None,
    no_grads: Sequence[bool] | None = None,
    dtype: Any = None,
    detect_nondifferentiable: bool = False,
) -> None:
    """Assert that the gradients backward computes for ``func`` match central differences.

    Args:
        func: called as ``func(*xs)`` on Variables wrapping ``x_data``; returns a Variable
            or a tuple of Variables.
        x_data: an array or a tuple of arrays (any backend; Dask stays lazy until the
            final comparison).
        y_grad: the output gradient(s); an entry of None gives that output no gradient.
            ``None`` as a whole: ones for a one-element output, otherwise a fixed-seed
            standard-normal array (Chainer requires a one-element output here).
        params: Parameters ``func`` uses; their gradients are checked too.
        eps: the finite-difference step.
        atol, rtol: the check passes when ``|backward - numerical| <= atol + rtol * scale``
            along each direction, ``scale`` being the larger of ``|numerical|`` and
            ``sum(|g * r|)`` (the size of the terms of ``g · r``, which may cancel).
            Default by the least precise floating input: ``atol=1e-5, rtol=1e-4`` in
            float64, ``1e-4, 1e-3`` in float32 (its rounding, divided by ``eps``).
        no_grads: one flag per input; True skips it. Default: inputs of non-floating
            dtype, which must then receive no gradient at all.
        dtype: a floating dtype (name) the numerical side computes in, e.g. ``'float64'``
            to check a float32 function; default the inputs' own.
        detect_nondifferentiable: use a five-point stencil and raise
            :class:`NondifferentiableError` at kinks instead of reporting a mismatch.

    Raises:
        GradientCheckError: (an AssertionError) naming each input whose gradient is wrong.

    >>> import numpy as np
    >>> check_backward(lambda x: x * x, np.array([1.0, -2.0, 3.0]))
    """
    xs = tuple(as_array(x) for x in _as_tuple(x_data))
    params = _as_tuple(params)
    rtol, atol = tolerances(GRADIENT, _float_dtypes(xs, params), rtol, atol)
    _GradientCheck(func, xs, y_grad, params, eps, atol, rtol,
                   _no_grads(xs, no_grads), dtype, detect_nondifferentiable,
                   "check_backward", [f"x_data[{i}]" for i in range(len(xs))]).run()


def check_double_backward(
    func: Callable[..., Any],
    x_data: Any,
    y_grad: Any,
    x_grad_grad: Any,
    params: Sequence[Parameter] | Parameter = (),
    params_grad_grad: Any = (),
    eps: float = 1e-3,
    atol: float | None = None,
    rtol: float | None = None,
    no_grads: Sequence[bool] | None = None,
    dtype: Any = None,
    detect_nondifferentiable: bool = False,
) -> None:
    """Assert that the gradient computation of ``func`` is itself correctly differentiable.

    The first-order gradient ``(x, gy) -> gx`` is computed with
    ``flexgrad.grad(..., enable_double_backprop=True)`` and checked with
    :func:`check_backward`, ``x_grad_grad`` (and ``params_grad_grad``) being its output
    gradients: one entry per floating input (entries for integer inputs are ignored).
    ``y_grad`` or ``x_grad_grad`` may be None (drawn as in ``check_backward``). This does
    not check the first-order gradient itself: run :func:`check_backward` for that, and
    :func:`check_backprop_paths_agree` to see it equals the one computed without a graph.
    Default tolerances: ``atol=1e-4, rtol=1e-3`` in float64, ten times those in float32.

    >>> import numpy as np
    >>> x, gy, ggx = np.array([1.0, 2.0]), np.array([1.0, -1.0]), np.array([0.5, 2.0])
    >>> check_double_backward(lambda x: x * x * x, x, gy, ggx)
    """
    xs = tuple(as_array(x) for x in _as_tuple(x_data))
    params = _as_tuple(params)
    rtol, atol = tolerances(DOUBLE, _float_dtypes(xs, params), rtol, atol)
    n = len(xs)
    differentiable = [_is_float(x) for x in xs]
    ys = _outputs("check_double_backward", func(*(Variable(x) for x in xs)))
    all_gys = _grad_outputs("check_double_backward", ys, y_grad)
    kept = [i for i, g in enumerate(all_gys) if g is not None]
    gys = [all_gys[i] for i in kept]

    def first_order_grad(*inputs: Variable) -> tuple[Variable, ...]:
        xv, gyv = inputs[:n], list(inputs[n:])
        outs = _outputs("check_double_backward", func(*xv))
        targets = [x for x, d in zip(xv, differentiable, strict=True) if d] + list(params)
        gxs = grad([outs[i] for i in kept], targets, gyv, enable_double_backprop=True)
        return tuple(
            Variable(backends.zeros(t.shape, t), requires_grad=False) if g is None else g
            for t, g in zip(targets, gxs, strict=True)
        )

    ggxs = _as_tuple(x_grad_grad) if x_grad_grad is not None else None
    if ggxs is not None and len(ggxs) == n:
        ggxs = tuple(g for g, d in zip(ggxs, differentiable, strict=True) if d)
    if ggxs is not None:
        ggxs = ggxs + _as_tuple(params_grad_grad)
    if no_grads is not None and len(no_grads) == n + len(gys):
        flags = [bool(f) for f in no_grads]
    else:
        flags = _no_grads(xs, no_grads) + [False] * len(gys)
    names = [f"x_data[{i}]" for i in range(n)] + [f"y_grad[{j}]" for j in range(len(gys))]
    _GradientCheck(first_order_grad, xs + tuple(as_array(g) for g in gys), ggxs, params,
                   eps, atol, rtol, flags, dtype, detect_nondifferentiable,
                   "check_double_backward", names).run()


class _GradientCheck:
    """One run of a gradient check: backward once, then a directional check per input."""

    def __init__(self, func, xs, y_grad, params, eps, atol, rtol, no_grads, dtype, detect,
                 label, names):
        self.func, self.xs, self.y_grad, self.params = func, xs, y_grad, params
        self.eps, self.atol, self.rtol, self.no_grads = eps, atol, rtol, no_grads
        self.dtype, self.detect, self.label = dtype, detect, label
        self.names = names + [f"params[{i}]" for i in range(len(params))]
        self.num_xs: list[Any] = []  # the inputs in the numerical dtype, set by run()

    def run(self) -> None:
        xvars = [Variable(x) for x in self.xs]
        ys = _outputs(self.label, self.func(*xvars))
        gys = _grad_outputs(self.label, ys, self.y_grad)
        pairs = [(y, g) for y, g in zip(ys, gys, strict=True) if g is not None]
        grads = grad([y for y, _ in pairs], xvars + list(self.params), [g for _, g in pairs])
        self._check_forms(grads)
        saved = [p.array for p in self.params]
        try:
            for p in self.params:
                p.array = self._numeric(p.array)
            self.num_xs = [self._numeric(x) if _is_float(x) else x for x in self.xs]
            self._compare(grads, gys)
        finally:
            for p, array in zip(self.params, saved, strict=True):
                p.array = array

    def _targets(self) -> list[tuple[int, Any]]:
        """(index, array) of every input and parameter to check."""
        n = len(self.xs)
        picked = [(i, x) for i, x in enumerate(self.num_xs) if not self.no_grads[i]]
        return picked + [(n + j, p.array) for j, p in enumerate(self.params)]

    def _check_forms(self, grads: list[Variable | None]) -> None:
        n = len(self.xs)
        arrays = list(self.xs) + [p.array for p in self.params]
        for i, (x, g) in enumerate(zip(arrays, grads, strict=True)):
            if i < n and self.no_grads[i]:
                if g is not None and not _is_float(x):
                    self._fail(f"{self.names[i]} ({describe(x)}) has no gradient, but "
                               f"backward produced one: {describe(g)}")
                continue
            if g is None:
                continue
            ga = g.array
            if tuple(ga.shape) != tuple(x.shape) or ga.dtype != x.dtype or \
                    backends.backend_of(ga) is not backends.backend_of(x):
                self._fail(f"the gradient of {self.names[i]} should match its input "
                           f"({describe(x)}), got {describe(ga)}")

    def _compare(self, grads: list[Variable | None], gys: list[Any]) -> None:
        rng = numpy.random.default_rng(0)
        rows = []
        for k, base in self._targets():
            if math.prod(base.shape) == 0:
                continue
            backend = backends.backend_of(base)
            r = rng.standard_normal(tuple(base.shape))
            r /= numpy.sqrt(numpy.sum(r * r))
            rb = backend.xp.astype(backend.from_numpy(r), base.dtype)
            numeric = central_difference(functools.partial(self._evaluate, k, direction=rb),
                                         gys, self.eps, self.detect)
            rows.append((k, r, grads[k], numeric))
        self._report(rows, gys)

    def _report(self, rows: list[tuple], gys: list[Any]) -> None:
        failures = []
        for k, r, g, numeric in rows:
            g_np = None if g is None else _to_numpy(g.array).astype(numpy.float64)
            got = 0.0 if g_np is None else float(numpy.sum(g_np * r))
            terms = 0.0 if g_np is None else float(numpy.sum(numpy.abs(g_np * r)))
            expected = 0.0 if numeric is None else float(_to_numpy(numeric))
            tol = self.atol + self.rtol * max(abs(expected), terms)
            if not abs(got - expected) <= tol:
                failures.append(
                    f"{self.names[k]}: along a random direction, backward gives {got:.6g} "
                    f"and central differences {expected:.6g}; error {abs(got - expected):.3g}"
                    f" > atol + rtol * scale = {tol:.3g}"
                    + self._elementwise(k, g_np, gys)
                )
        if failures:
            what = "the gradient" if self.label == "check_backward" else \
                "the gradient of the first-order gradient (double backward)"
            self._fail(f"{what} disagrees with central differences for " + "; ".join(failures))

    def _elementwise(self, k: int, g_np: numpy.ndarray | None, gys: list[Any]) -> str:
        """Where the gradient is wrong, element by element (small inputs only)."""
        n = len(self.xs)
        base = self.num_xs[k] if k < n else self.params[k - n].array
        if math.prod(base.shape) > _ELEMENTWISE_LIMIT:
            return ""
        backend = backends.backend_of(base)
        # numerical_grad perturbs a NumPy copy in place and differences NumPy outputs; each
        # call sends a copy of it, so immutable arrays (JAX) are never written.
        x = numpy.array(backend.to_numpy(base), copy=True)
        device = backend.device_of(base)
        args = list(self.num_xs)

        def perturbed() -> Any:
            moved = backend.from_numpy(x.copy(), device)
            if k < n:
                args[k] = moved
            else:
                self.params[k - n].array = moved
            return tuple(None if y is None else _to_numpy(y) for y in self._call(args))

        host_gys = [None if g is None else _to_numpy(g) for g in gys]
        try:
            num = numerical_grad(perturbed, [x], host_gys, self.eps)[0]
        finally:
            if k >= n:
                self.params[k - n].array = base
        got = numpy.zeros(num.shape) if g_np is None else g_np
        err = numpy.abs(got - num)
        where = numpy.unravel_index(numpy.argmax(err), err.shape) if err.size else ()
        at = tuple(int(i) for i in where)
        return (f" (elementwise: max error {err.max():.3g} at index {at}, backward "
                f"{got[at]:.6g} vs numerical {num[at]:.6g})")

    def _evaluate(self, k: int, delta: float, direction: Any) -> tuple[Any, ...]:
        n = len(self.xs)
        if k < n:
            args = list(self.num_xs)
            args[k] = args[k] + delta * direction
            return self._call(args)
        p = self.params[k - n]
        base = p.array
        p.array = base + delta * direction
        try:
            return self._call(self.num_xs)
        finally:
            p.array = base

    def _call(self, args: Sequence[Any]) -> tuple[Any, ...]:
        return as_arrays(self.func(*(Variable(a) for a in args)))

    def _numeric(self, array: Any) -> Any:
        if self.dtype is None:
            return array
        backend = backends.backend_of(array)
        dtype = backend.dtype(self.dtype)
        if not backend.is_floating(dtype):
            raise InvalidTypeError(f"{self.label}: argument 'dtype' expected a floating dtype, "
                                   f"got {self.dtype!r}")
        return backend.xp.astype(array, dtype)

    def _fail(self, message: str) -> None:
        raise GradientCheckError(f"{self.label}: {message}")


def _as_tuple(value: Any) -> tuple[Any, ...]:
    return tuple(value) if isinstance(value, (tuple, list)) else (value,)


def _is_float(array: Any) -> bool:
    return backends.backend_of(array).is_floating(array.dtype)


def _float_dtypes(xs: Sequence[Any], params: Sequence[Parameter]) -> list[Any]:
    """The dtypes of the floating inputs and parameters: what the tolerances adapt to."""
    arrays = list(xs) + [p.array for p in params if p.array is not None]
    return [a.dtype for a in arrays if _is_float(a)]


def _to_numpy(array: Any) -> numpy.ndarray:
    return numpy.asarray(backends.backend_of(array).to_numpy(array))


def _no_grads(xs: Sequence[Any], no_grads: Sequence[bool] | None) -> list[bool]:
    if no_grads is None:
        return [not _is_float(x) for x in xs]
    if len(no_grads) != len(xs):
        raise InvalidValueError(f"argument 'no_grads' expected {len(xs)} flags (one per "
                                f"input), got {len(no_grads)}")
    return [bool(f) for f in no_grads]


def _outputs(label: str, result: Any) -> tuple[Variable, ...]:
    ys = _as_tuple(result)
    for i, y in enumerate(ys):
        if not isinstance(y, Variable):
            raise InvalidTypeError(f"{label}: func should return Variables, but output {i} is "
                                   f"{describe(y)}")
    return ys


def _grad_outputs(label: str, ys: tuple[Variable, ...], y_grad: Any) -> list[Any]:
    """One output gradient (array or None) per output; drawn when ``y_grad`` is None."""
    if y_grad is None:
        rng = numpy.random.default_rng(1)
        drawn: list[Any] = []
        for y in ys:
            backend = backends.backend_of(y.array)
            if not backend.is_floating(y.dtype):
                drawn.append(None)
            elif y.size == 1:
                drawn.append(backend.xp.ones_like(y.array))
            else:
                draw = rng.standard_normal(tuple(y.shape))
                drawn.append(backend.xp.astype(backend.from_numpy(draw), y.dtype))
        return drawn
    gys = [None if g is None else as_array(g) for g in _as_tuple(y_grad)]
    if len(gys) != len(ys):
        raise InvalidValueError(f"{label}: argument 'y_grad' expected {len(ys)} entries (one "
                                f"per output), got {len(gys)}")
    for i, (y, g) in enumerate(zip(ys, gys, strict=True)):
        if g is not None and tuple(g.shape) != tuple(y.shape):
            raise InvalidValueError(f"{label}: argument 'y_grad' entry {i} expected shape "
                                    f"{tuple(y.shape)}, got {describe(g)}")
    return gys
