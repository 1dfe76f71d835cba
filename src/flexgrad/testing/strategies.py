"""Hypothesis strategies for arrays on any backend, shapes, Dask chunkings and kink-free floats.

Arrays are drawn through ``hypothesis.extra.array_api.make_strategies_namespace``, so a
standard namespace (NumPy, ``array_api_strict``) gets its own arrays; Dask and CuPy
arrays are drawn as NumPy ones and sent over (Hypothesis fills arrays element by element,
which is slow on a GPU and builds a task per element on Dask).

>>> from hypothesis import given
>>> @given(arrays("array_api_strict", "float32", shapes(max_dims=2)))
... def test_finite(a): ...
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from typing import Any, Literal

import numpy
from hypothesis import strategies as st
from hypothesis.extra.array_api import make_strategies_namespace

from .. import backends
from . import hypothesis_profile as _profile  # noqa: F401  (registers the 'flexgrad' profile)

Shape = tuple[int, ...]
_CONVERTED = ("dask", "cupy")  # drawn as NumPy arrays, then sent


def namespace(xp: Any) -> Any:
    """The Array API namespace for a backend name (``'numpy'``, ``'dask'``...), a
    ``Backend``, or a namespace/module itself.

    >>> namespace("array_api_strict").__name__
    'array_api_strict'
    """
    if isinstance(xp, str):
        return backends.get_device(_spec(xp)).backend.xp
    if isinstance(xp, backends.Backend):
        return xp.xp
    return xp


def arrays(
    xp: Any,
    dtype: Any,
    shape: Shape | st.SearchStrategy[Shape],
    *,
    elements: st.SearchStrategy | dict | None = None,
    unique: bool = False,
    chunks: Any = None,
) -> st.SearchStrategy:
    """Arrays of backend ``xp`` (a name, Backend or namespace) with ``dtype`` (a name such
    as ``'float32'`` or a dtype of the namespace) and ``shape`` (or a shape strategy).

    ``elements`` is a strategy or a dict of ``hypothesis.strategies.from_dtype`` options
    (``min_value``...). On Dask the chunking is drawn with :func:`dask_chunks` unless
    ``chunks`` is given.

    >>> from hypothesis import find
    >>> find(arrays("array_api_strict", "float32", (2,)), lambda a: True)
    Array([0., 0.], dtype=array_api_strict.float32)
    """
    name = xp if isinstance(xp, str) else None
    if name in _CONVERTED:
        host = arrays("numpy", dtype, shape, elements=elements, unique=unique)
        return host.flatmap(functools.partial(_sent, name, chunks))
    ns = namespace(xp)
    xps = _strategies_namespace(ns)
    if isinstance(dtype, str):
        dtype = getattr(ns, dtype)
    return xps.arrays(dtype, shape, elements=elements, unique=unique)


def shapes(
    *, min_dims: int = 0, max_dims: int = 3, min_side: int = 1, max_side: int = 4
) -> st.SearchStrategy[Shape]:
    """Array shapes (small by default: gradient checks run the function per input).

    >>> from hypothesis import find
    >>> find(shapes(min_dims=2, max_dims=2), lambda s: True)
    (1, 1)
    """
    return _strategies_namespace(_numpy_namespace()).array_shapes(
        min_dims=min_dims, max_dims=max_dims, min_side=min_side, max_side=max_side
    )


def broadcastable_shapes(
    num_shapes: int = 2,
    *,
    min_dims: int = 0,
    max_dims: int = 3,
    min_side: int = 1,
    max_side: int = 4,
) -> st.SearchStrategy[tuple[Shape, ...]]:
    """``num_shapes`` shapes that broadcast together (NumPy rules).

    >>> from hypothesis import find
    >>> find(broadcastable_shapes(), lambda s: len(s[0]) == 2 and s[0] != s[1])
    ((1, 1), ())
    """
    xps = _strategies_namespace(_numpy_namespace())
    return xps.mutually_broadcastable_shapes(
        num_shapes, min_dims=min_dims, max_dims=max_dims, min_side=min_side, max_side=max_side
    ).map(lambda drawn: tuple(drawn.input_shapes))


def dask_chunks(shape: Shape, *, max_chunks: int = 3) -> st.SearchStrategy[tuple[Shape, ...]]:
    """A valid Dask chunking of ``shape``: per axis, up to ``max_chunks`` block sizes that
    add up to the axis length.

    >>> from hypothesis import find
    >>> find(dask_chunks((5, 2)), lambda c: len(c[0]) == 3)
    ((1, 1, 3), (2,))
    """
    return st.tuples(*(_axis_chunks(n, max_chunks) for n in shape))


def float_arrays(
    shape: Shape | st.SearchStrategy[Shape],
    low: float = -2.0,
    high: float = 2.0,
    *,
    avoid: Sequence[float] = (),
    margin: float = 1e-2,
    grid: float | None = None,
    offset: float = 0.0,
    unique: bool = False,
    dtype: str = "float64",
) -> st.SearchStrategy[numpy.ndarray]:
    """NumPy float arrays with values in ``[low, high]`` kept ``margin`` away from ``avoid``.

    ``avoid`` lists points where the function is not differentiable (kinks: 0 for relu
    and abs, the bounds of clip), so central differences never straddle one. ``grid``
    draws values from ``offset + k * grid`` only: with ``unique=True``, every two values
    are at least ``grid`` apart (no ties for max, min or sort), and two inputs drawn with
    different offsets never meet (maximum, minimum).

    >>> from hypothesis import find
    >>> find(float_arrays((4,), grid=0.5, unique=True), lambda a: True)
    array([ 0. ,  0.5, -0.5,  1. ])
    """
    width: Literal[32, 64] = 32 if dtype in ("float32", numpy.float32) else 64
    if grid is None:
        low, high = _representable(low, high, width)
        values = st.floats(low, high, width=width, allow_nan=False, allow_subnormal=False)
    else:
        first, last = math.ceil((low - offset) / grid), math.floor((high - offset) / grid)
        cast = numpy.dtype(dtype).type
        values = st.integers(first, last).map(lambda k: float(cast(offset + k * grid)))
    if avoid:
        values = values.filter(lambda v: all(abs(v - a) >= margin for a in avoid))
    return arrays("numpy", dtype, shape, elements=values, unique=unique)


def _representable(low: float, high: float, width: int) -> tuple[float, float]:
    """The bounds rounded inward to the nearest ``width``-bit floats."""
    if width == 64:
        return low, high
    f32 = numpy.float32
    lo, hi = f32(low), f32(high)
    if lo < low:
        lo = numpy.nextafter(lo, f32(numpy.inf))
    if hi > high:
        hi = numpy.nextafter(hi, f32(-numpy.inf))
    return float(lo), float(hi)


def _axis_chunks(n: int, max_chunks: int) -> st.SearchStrategy[Shape]:
    if n <= 1:
        return st.just((n,))
    cuts = st.lists(st.integers(1, n - 1), unique=True, max_size=max_chunks - 1)
    return cuts.map(lambda c: tuple(numpy.diff([0, *sorted(c), n]).tolist()))


def _sent(name: str, chunks: Any, host: numpy.ndarray) -> st.SearchStrategy:
    if name != "dask":
        return st.just(backends.get_device(_spec(name)).send(host))
    import dask.array as da

    chunking = st.just(chunks) if chunks is not None else dask_chunks(host.shape)
    return chunking.map(lambda c: da.from_array(host, chunks=c))


def _spec(name: str) -> str:
    return "@cupy:0" if name == "cupy" else "@" + name


@functools.cache
def _strategies_namespace(ns: Any) -> Any:
    return make_strategies_namespace(ns)


def _numpy_namespace() -> Any:
    return backends.get_backend("numpy").xp
