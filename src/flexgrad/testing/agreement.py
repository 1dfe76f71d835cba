"""assert_backends_agree: one function, the same inputs, every backend, the same answers."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy

from .. import backends
from .._backprop import grad
from ..errors import InvalidTypeError, InvalidValueError, describe
from ..variable import Variable
from .tolerances import AGREEMENT, tolerances

_SPECS = {"cupy": "@cupy:0", "array_api_strict": "@array_api_strict:device1"}


class BackendDisagreementError(AssertionError):
    """A backend's values, dtypes, shapes or array types differ from NumPy's."""


def assert_backends_agree(
    func: Callable[..., Any],
    inputs: Sequence[numpy.ndarray],
    backends: Sequence[str] = ("numpy", "dask", "array_api_strict"),
    grad_outputs: Sequence[numpy.ndarray | None] | None = None,
    rtol: float | None = None,
    atol: float | None = None,
    chunks: Any = None,
    equal_nan: bool = True,
    allow_all_nan: bool = False,
) -> None:
    """Assert that ``func`` gives NumPy's outputs and input gradients on every backend.

    Each input (a NumPy array) is sent to each backend and wrapped in a Variable (floating
    ones need a gradient); ``func(*xs)`` returns a Variable or a tuple; backward runs from
    the same ``grad_outputs`` (default: fixed-seed standard-normal arrays). Outputs and
    gradients must match NumPy's in dtype, shape and value (``rtol``/``atol``, default by
    dtype), and stay arrays of the backend; on Dask nothing may be computed before the
    comparison (an op that calls ``bool()`` or ``float()`` on a lazy array fails here).

    Args:
        backends: names for ``flexgrad.get_device('@name')``; ``'cupy'`` means device 0.
            array_api_strict runs on a second device, so an op that creates an array on
            the default device, or converts through NumPy, fails.
        chunks: Dask chunking: one spec per input (None: Dask's ``'auto'``), or an int
            for all of them.
        rtol, atol: default by dtype: ``1e-7, 1e-9`` in float64, ``1e-4, 1e-5`` in
            float32 (room for sums in another order), ``1e-2, 1e-3`` in float16.
        equal_nan: a NaN where NumPy has one agrees. An output or gradient that is all
            NaN on both sides still fails (it would compare nothing) unless
            ``allow_all_nan`` says that is what the test expects.

    Raises:
        BackendDisagreementError: (an AssertionError) naming the backend, the output or
            input, and the largest difference.
        InvalidValueError: when ``backends`` names none besides NumPy (nothing to compare).

    >>> import numpy as np, flexgrad.functions as F
    >>> assert_backends_agree(lambda x: F.sum(x * x, axis=0), [np.ones((4, 3))], chunks=[2])
    """
    _expect_another_backend(backends)
    arrays = tuple(numpy.asarray(a) for a in inputs)
    chunk_specs = _chunk_specs(chunks, len(arrays))
    reference, gys = _run(func, arrays, "numpy", (None,) * len(arrays), grad_outputs)
    nan = (equal_nan, allow_all_nan)
    for name in backends:
        try:
            got, _ = _run(func, arrays, name, chunk_specs, gys)
        except AssertionError:  # a check's own verdict (this one's, or a spy's) as it is
            raise
        except Exception as exc:
            raise BackendDisagreementError(
                f"assert_backends_agree: {name} raised where numpy did not: "
                f"{type(exc).__name__}: {exc}"
            ) from exc
        _compare(name, reference, got, rtol, atol, nan)


def _expect_another_backend(names: Sequence[str]) -> None:
    """An agreement check with nothing but NumPy would compare NumPy with itself: refuse."""
    if isinstance(names, str) or not [n for n in names if n != "numpy"]:
        raise InvalidValueError(
            "assert_backends_agree: argument 'backends' expected a sequence naming at least "
            f"one backend besides numpy, got {names!r}; with none the check compares "
            "nothing and would pass empty")


def _run(func, arrays, name, chunk_specs, gys):
    """Forward and backward on backend ``name``: ((outputs, grads) as NumPy arrays, the
    output gradients used: ``gys``, or drawn for the outputs when it is None)."""
    device, xs = _send(arrays, name, chunk_specs)
    backend = device.backend
    with _nothing_computed(backend, name):
        ys = _as_outputs(func(*xs))
        gys = _grad_outputs([y.array for y in ys], gys)
        pairs = [(y, g) for y, g in zip(ys, gys, strict=True) if g is not None]
        targets = [x for x in xs if x.requires_grad]
        grads = grad([y for y, _ in pairs], targets,
                     [_send_one(g, device, name, None) for _, g in pairs])
    it = iter(grads)
    grads = [next(it) if x.requires_grad else None for x in xs]
    for what, v in [(f"output {i}", y) for i, y in enumerate(ys)] + \
                   [(f"the gradient of input {i}", g) for i, g in enumerate(grads)]:
        if v is not None and not _owned_by(v.array, backend):
            raise BackendDisagreementError(
                f"assert_backends_agree: on {name}, {what} is a {type(v.array).__module__}."
                f"{type(v.array).__name__}, not an array of the backend "
                f"({backend.array_type.__name__}): the op left the backend")
    arrays_out = [None if v is None else v.array for v in list(ys) + grads]
    present = backend.materialize([a for a in arrays_out if a is not None])
    it = iter(present)
    host = [None if a is None else numpy.asarray(backend.to_numpy(next(it))) for a in arrays_out]
    return (host[:len(ys)], host[len(ys):]), gys


def _owned_by(array: Any, backend: Any) -> bool:
    """Whether ``array`` is the backend's (NumPy's 0-d scalars are NumPy's)."""
    try:
        return backends.backend_of(array) is backend
    except TypeError:
        return False


def _send(arrays, name, chunk_specs):
    device = backends.get_device(_SPECS.get(name, "@" + name))
    xs = []
    for a, c in zip(arrays, chunk_specs, strict=True):
        floating = a.dtype.kind == "f"
        xs.append(Variable(_send_one(a, device, name, c), requires_grad=floating))
    return device, xs


def _send_one(array: numpy.ndarray, device: Any, name: str, chunks: Any) -> Any:
    if name == "dask" and chunks is not None:
        import dask.array as da

        return da.from_array(array, chunks=chunks)
    return device.backend.from_numpy(array, device)


@contextlib.contextmanager
def _nothing_computed(backend: Any, name: str) -> Iterator[None]:
    """On Dask, any compute inside forward or backward is an error."""
    if name != "dask":
        yield
        return
    import dask

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise BackendDisagreementError(
            "assert_backends_agree: dask computed a value inside forward or backward (an op "
            "called bool(), float(), int(), .item() or .compute() on a lazy array)")

    with dask.config.set(scheduler=refuse):
        yield


def _as_outputs(result: Any) -> tuple[Variable, ...]:
    ys = tuple(result) if isinstance(result, (tuple, list)) else (result,)
    for i, y in enumerate(ys):
        if not isinstance(y, Variable):
            raise InvalidTypeError(
                f"assert_backends_agree: func should return Variables, output {i} is "
                f"{describe(y)}")
    return ys


def _grad_outputs(outputs: list[Any], given: Any) -> list[numpy.ndarray | None]:
    """``given`` checked against the outputs, or fixed-seed draws (NumPy outputs only)."""
    if given is not None:
        gys = [None if g is None else numpy.asarray(g) for g in given]
        if len(gys) != len(outputs):
            raise InvalidValueError(
                f"assert_backends_agree: argument 'grad_outputs' expected {len(outputs)} "
                f"entries (one per output), got {len(gys)}")
        return gys
    rng = numpy.random.default_rng(2)
    return [rng.standard_normal(y.shape).astype(y.dtype) if y.dtype.kind == "f" else None
            for y in outputs]


def _chunk_specs(chunks: Any, n: int) -> tuple[Any, ...]:
    if chunks is None or isinstance(chunks, int):
        return (chunks,) * n
    specs = tuple(chunks)
    if len(specs) != n:
        raise InvalidValueError(
            f"assert_backends_agree: argument 'chunks' expected {n} entries (one per input) "
            f"or an int, got {len(specs)}")
    return specs


def _compare(name, reference, got, rtol, atol, nan):
    (ref_ys, ref_gs), (ys, gs) = reference, got
    if len(ys) != len(ref_ys):
        _fail(name, f"{len(ys)} outputs where numpy gives {len(ref_ys)}")
    labelled = [(f"output {i}", r, y) for i, (r, y) in enumerate(zip(ref_ys, ys, strict=True))]
    labelled += [(f"the gradient of input {i}", r, g)
                 for i, (r, g) in enumerate(zip(ref_gs, gs, strict=True))]
    for what, expected, actual in labelled:
        if (expected is None) != (actual is None):
            _fail(name, f"{what} is {'None' if actual is None else 'present'} where numpy's "
                  f"is {'None' if expected is None else 'present'}")
        if expected is None:
            continue
        if actual.dtype != expected.dtype or actual.shape != expected.shape:
            _fail(name, f"{what} is {actual.dtype} of shape {actual.shape}, numpy's is "
                  f"{expected.dtype} of shape {expected.shape}")
        _compare_values(name, what, expected, actual, rtol, atol, nan)


def _compare_values(name, what, expected, actual, rtol, atol, nan):
    equal_nan, allow_all_nan = nan
    if expected.dtype.kind == "f":
        rtol, atol = tolerances(AGREEMENT, [expected.dtype], rtol, atol)
    else:  # integers and booleans: exact
        rtol, atol = rtol or 0.0, atol or 0.0
    close = numpy.isclose(actual, expected, rtol=rtol, atol=atol, equal_nan=equal_nan)
    if close.all():
        if equal_nan and not allow_all_nan and _all_nan(expected) and _all_nan(actual):
            _fail(name, f"{what}: all {expected.size} elements are NaN on both sides, so "
                  "nothing was compared; pass allow_all_nan=True if that is expected")
        return
    with numpy.errstate(invalid="ignore"):
        diff = numpy.where(close, 0.0, numpy.abs(actual.astype(numpy.float64) - expected))
    diff = numpy.where(numpy.isnan(diff), numpy.inf, diff)
    at = tuple(int(i) for i in numpy.unravel_index(numpy.argmax(diff), diff.shape))
    _fail(name, f"{what}: max |difference| {diff[at]:.3g} at index {at} ({name} "
          f"{actual[at]!r}, numpy {expected[at]!r}); {int((~close).sum())} of {close.size} "
          f"elements differ beyond rtol={rtol:g}, atol={atol:g}")


def _all_nan(array: numpy.ndarray) -> bool:
    return array.dtype.kind in "fc" and array.size > 0 and bool(numpy.isnan(array).all())


def _fail(name: str, message: str) -> None:
    raise BackendDisagreementError(f"assert_backends_agree: {name} disagrees with numpy on "
                                   f"{message}")
