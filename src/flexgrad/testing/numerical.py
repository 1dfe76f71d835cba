"""Central differences on any backend: the numerical side of the gradient checks."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from typing import Any

import numpy

from .. import backends
from ..variable import as_array


class NondifferentiableError(Exception):
    """The function is not differentiable at the point a numerical gradient was asked for."""


def numerical_grad(
    f: Callable[[], Any],
    inputs: Sequence[Any],
    grad_outputs: Sequence[Any],
    eps: float = 1e-3,
    detect_nondifferentiable: bool = False,
) -> tuple[Any, ...]:
    """Gradients of ``sum(f()[i] * grad_outputs[i])`` w.r.t. each array of ``inputs``.

    As Chainer's: ``f`` takes no arguments and reads ``inputs``, which are perturbed in
    place one element at a time (``x[i] = x[i] + eps``) and restored. ``f`` returns an
    array, a Variable or a tuple of them; ``grad_outputs`` holds one array (or None, no
    gradient) per output. With ``detect_nondifferentiable``, a five-point stencil is
    used and :class:`NondifferentiableError` raised where the outputs do not fit a
    parabola (a kink) or turn non-finite on one side. Works on every backend; on Dask
    the result stays lazy.

    >>> import numpy as np
    >>> x = np.array([1.0, 2.0])
    >>> numerical_grad(lambda: x * x, [x], [np.ones(2)])[0].round(6)
    array([2., 4.])
    """
    if eps <= 0:
        raise ValueError(f"numerical_grad: argument 'eps' expected a positive float, got {eps}")
    grads = []
    for x in inputs:
        xp = backends.backend_of(x).xp
        entries = []
        for index in itertools.product(*(range(n) for n in x.shape)):
            orig = x[index]

            def evaluate(delta: float, x: Any = x, index: tuple = index, orig: Any = orig):
                x[index] = orig + delta
                try:
                    return _snapshot(f())
                finally:
                    x[index] = orig

            d = central_difference(evaluate, grad_outputs, eps, detect_nondifferentiable)
            entries.append(xp.zeros((), dtype=x.dtype) if d is None else xp.astype(d, x.dtype))
        if not entries:
            grads.append(xp.zeros_like(x))
        else:
            grads.append(xp.reshape(xp.stack(entries), x.shape))
    return tuple(grads)


def central_difference(
    evaluate: Callable[[float], tuple[Any, ...]],
    grad_outputs: Sequence[Any],
    eps: float,
    detect_nondifferentiable: bool = False,
) -> Any | None:
    """d/dδ of ``sum_i evaluate(δ)[i] * grad_outputs[i]`` at 0, as a 0-d array of the backend.

    ``evaluate(delta)`` returns the outputs (arrays or None) at displacement ``delta``.
    Two points (error O(eps²)), or five with nondifferentiability detection. None when no
    output has a gradient (the derivative is zero).
    """
    deltas: tuple[float, ...]
    if detect_nondifferentiable:
        deltas = (-eps, -eps / 2, 0.0, eps / 2, eps)
    else:
        deltas = (-eps, eps)
    samples = [evaluate(d) for d in deltas]
    if detect_nondifferentiable:
        _check_differentiable(samples, deltas)
    total = None
    for i, gy in enumerate(grad_outputs):
        if gy is None or samples[0][i] is None:
            continue
        ys = [s[i] for s in samples]
        xp = backends.backend_of(ys[0]).xp
        if detect_nondifferentiable:
            diff, scale = ys[0] - 8.0 * ys[1] + 8.0 * ys[3] - ys[4], 6 * eps
        else:
            diff, scale = ys[1] - ys[0], 2 * eps
        term = xp.sum(diff * xp.astype(as_array(gy), diff.dtype)) / scale
        total = term if total is None else total + term
    return total


def _snapshot(outputs: Any) -> tuple[Any, ...]:
    """Outputs as arrays, copied when eager (they may be views of the perturbed input)."""
    arrays = as_arrays(outputs)
    copied = []
    for y in arrays:
        if y is not None and not backends.backend_of(y).is_lazy:
            y = backends.backend_of(y).xp.asarray(y, copy=True)
        copied.append(y)
    return tuple(copied)


def as_arrays(outputs: Any) -> tuple[Any, ...]:
    """A function's result (array, Variable, or a tuple of them) as a tuple of arrays."""
    if not isinstance(outputs, (tuple, list)):
        outputs = (outputs,)
    return tuple(None if y is None else as_array(y) for y in outputs)


def _check_differentiable(samples: list[tuple[Any, ...]], deltas: Sequence[float]) -> None:
    """Raise NondifferentiableError where outputs jump, turn non-finite, or bend sharply."""
    for i in range(len(samples[0])):
        if samples[0][i] is None:
            continue
        ys = numpy.stack([_to_numpy(s[i]).astype(numpy.float64).ravel() for s in samples])
        finite = numpy.isfinite(ys)
        if (finite != finite[:1]).any():
            raise NondifferentiableError(
                f"output {i} is finite on one side of the point and not on the other "
                f"(samples at displacements {tuple(deltas)})"
            )
        columns = finite.all(axis=0)
        if not columns.any():
            continue
        ys = ys[:, columns]
        _, (residuals, *_) = numpy.polynomial.polynomial.polyfit(
            numpy.arange(len(samples)), ys, deg=2, full=True
        )
        spread = ys.max(axis=0) - ys.min(axis=0)
        rms = numpy.sqrt(numpy.broadcast_to(residuals, spread.shape) / len(samples))
        bent = (rms > 1e-2 * spread) & (spread > 0)
        if bent.any():
            raise NondifferentiableError(
                f"output {i} does not fit a parabola around the point (a kink or a jump) at "
                f"{int(bent.sum())} element(s); move the inputs away from nondifferentiable "
                "points"
            )


def _to_numpy(array: Any) -> numpy.ndarray:
    return backends.backend_of(array).to_numpy(array)
