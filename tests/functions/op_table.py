"""The op table's vocabulary: a row (OpCase), how its inputs are drawn (Arg), and shapes.

A row names the public function it covers, how to call it on Variables, one shape
strategy giving a shape per input, one Arg per input (value range, kinks to avoid,
non-differentiable bool/int inputs), tolerances, a forward reference (``ref``: the same
value computed independently, with NumPy, SciPy, ``math`` or a direct loop), and its known
gaps as data: a dict from a check ('grad', 'double', 'agree', 'ref') or a backend ('dask',
'array_api_strict', 'torch', 'jax', 'cupy') to the reason it is skipped. The rows live in
``op_cases_*.py``; ``CASES`` collects them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from hypothesis import strategies as st

import flexgrad
import flexgrad.functions as F
from flexgrad.testing.strategies import arrays, broadcastable_shapes, float_arrays, shapes

Shape = tuple[int, ...]
Shapes = st.SearchStrategy[tuple[Shape, ...]]


@dataclass(frozen=True)
class Arg:
    """How one input's values are drawn: a float range with kinks kept ``margin`` away,
    a grid (``unique`` on a grid keeps ties apart), or a non-differentiable bool/int input."""

    low: float = -2.0
    high: float = 2.0
    avoid: tuple[float, ...] = ()
    margin: float = 1e-2
    grid: float | None = None
    offset: float = 0.0
    unique: bool = False
    kind: str = "float"  # 'float', 'bool' or 'int'
    dtype: str | None = None  # fixes the float dtype whatever the test asks for

    def strategy(self, shape: Shape, dtype: str) -> st.SearchStrategy[np.ndarray]:
        if self.kind == "bool":
            return arrays("numpy", "bool", shape)
        if self.kind == "int":
            bounds = {"min_value": int(self.low), "max_value": int(self.high)}
            return arrays("numpy", "int64", shape, elements=bounds)
        return float_arrays(shape, self.low, self.high, avoid=self.avoid, margin=self.margin,
                            grid=self.grid, offset=self.offset, unique=self.unique,
                            dtype=self.dtype or dtype)


ANY = Arg()
POSITIVE = Arg(0.5, 2.0)
NONZERO = Arg(avoid=(0.0,), margin=0.5)
DISTINCT = Arg(grid=0.01, unique=True)  # max/min: no two values within 2 * eps
BOOL = Arg(kind="bool")


def kinked(*points: float, low: float = -2.0, high: float = 2.0) -> Arg:
    """Values in [low, high] that stay off the kinks at ``points``."""
    return Arg(low, high, avoid=points)


@dataclass(frozen=True)
class OpCase:
    """One row: ``flexgrad.functions.<name>`` (or an operator) on inputs drawn as described.

    Without ``func`` the row calls ``F.<name>(*xs, **kw)``; ``func`` binds anything else
    (argument lists, shape-dependent arguments) in a lambda taking Variables.
    """

    name: str
    shapes: Shapes
    args: tuple[Arg, ...] = (ANY,)
    kw: Mapping[str, Any] = field(default_factory=dict)
    func: Callable[..., Any] | None = None
    tag: str = ""
    atol: float = 1e-5
    rtol: float = 1e-4
    gaps: Mapping[str, str] = field(default_factory=dict)
    keeps_dtype: bool = True
    # ref(*xs) -> array or tuple of arrays: the forward on the row's NumPy float64 inputs,
    # computed without flexgrad. A row without one records why in gaps['ref'].
    ref: Callable[..., Any] | None = None

    @property
    def id(self) -> str:
        tag = self.tag or ",".join(f"{k}={v!r}" for k, v in self.kw.items())
        return f"{self.name}[{tag}]" if tag else self.name

    def target(self) -> Any:
        """The function or operator this row covers, or None while it does not exist."""
        if self.name.startswith("Variable."):
            return getattr(flexgrad.Variable, self.name.split(".", 1)[1], None)
        return getattr(F, self.name, None)

    def __call__(self, *xs: Any) -> Any:
        if self.func is not None:
            return self.func(*xs)
        return getattr(F, self.name)(*xs, **self.kw)

    def inputs(self, dtype: str) -> st.SearchStrategy[tuple[np.ndarray, ...]]:
        """NumPy inputs for this row, floats in ``dtype`` unless an Arg fixes its own."""

        def draw(shape_tuple: tuple[Shape, ...]) -> st.SearchStrategy:
            args = self.args if len(self.args) == len(shape_tuple) else \
                self.args * len(shape_tuple)
            return st.tuples(*(a.strategy(s, dtype) for a, s in
                               zip(args, shape_tuple, strict=True)))

        return self.shapes.flatmap(draw)


# -- shape strategies: one shape per input ---------------------------------------------------
def same(n: int = 1, *, min_dims: int = 0, max_dims: int = 3, min_side: int = 1,
         max_side: int = 4) -> Shapes:
    """``n`` inputs of one shape."""
    return shapes(min_dims=min_dims, max_dims=max_dims, min_side=min_side,
                  max_side=max_side).map(lambda s: (s,) * n)


def broadcast(n: int = 2, *, min_dims: int = 0, max_dims: int = 3) -> Shapes:
    """``n`` shapes that broadcast together."""
    return broadcastable_shapes(n, min_dims=min_dims, max_dims=max_dims)


def fixed(*shape_list: Shape) -> Shapes:
    return st.just(tuple(shape_list))


def sized(axis: int, sizes: tuple[int, ...], *, min_dims: int = 1, max_dims: int = 3) -> Shapes:
    """One shape whose ``axis`` has one of ``sizes`` (split points, sections)."""
    base = shapes(min_dims=max(min_dims, axis + 1 if axis >= 0 else -axis), max_dims=max_dims)
    return st.tuples(base, st.sampled_from(sizes)).map(
        lambda d: (_replace(d[0], axis, d[1]),))


def ones_at(*axes: int, min_dims: int = 1, max_dims: int = 3) -> Shapes:
    """One shape with length-1 ``axes`` (for squeeze)."""
    need = max(a + 1 if a >= 0 else -a for a in axes)
    return shapes(min_dims=max(min_dims, need), max_dims=max(max_dims, need)).map(
        lambda s: (_ones(s, axes),))


def along(n: int, axis: int, *, min_dims: int = 2, max_dims: int = 3) -> Shapes:
    """``n`` shapes equal except along ``axis`` (for concat)."""
    need = axis + 1 if axis >= 0 else -axis
    base = shapes(min_dims=max(min_dims, need), max_dims=max(max_dims, need))
    lengths = st.lists(st.integers(1, 3), min_size=n, max_size=n)
    return st.tuples(base, lengths).map(
        lambda d: tuple(_replace(d[0], axis, m) for m in d[1]))


def with_weights(axis: int | None, *, min_dims: int = 1) -> Shapes:
    """``x``'s shape and its weights' for mean/average: x's own, or ``(x.shape[axis],)``."""
    need = min_dims if axis is None else max(min_dims, axis + 1)
    return shapes(min_dims=need).map(
        lambda s: (s, s if axis is None else (s[axis],)))


@st.composite
def matmul_shapes(draw: st.DrawFn, transa: bool = False, transb: bool = False,
                  batched: bool = False, vector: str = "") -> tuple[Shape, Shape]:
    """Shapes of ``a`` and ``b`` for ``matmul(a, b, transa, transb)``; ``vector`` is
    ``'a'``, ``'b'`` or ``'ab'`` for 1-d operands; ``batched`` adds broadcast batch axes."""
    m, k, n = (draw(st.integers(1, 4)) for _ in range(3))
    a = (k,) if "a" in vector else ((k, m) if transa else (m, k))
    b = (k,) if "b" in vector else ((n, k) if transb else (k, n))
    if batched:
        lead_a, lead_b = draw(broadcastable_shapes(2, min_dims=1, max_dims=2, max_side=3))
        a, b = lead_a + a, lead_b + b
    return a, b


def _replace(shape: Shape, axis: int, size: int) -> Shape:
    s = list(shape)
    s[axis] = size
    return tuple(s)


def _ones(shape: Shape, axes: tuple[int, ...]) -> Shape:
    for a in axes:
        shape = _replace(shape, a, 1)
    return shape


def cases() -> list[OpCase]:
    """Every row of the table: the ``CASES`` of each ``op_cases_*.py`` beside this file."""
    import importlib
    from pathlib import Path

    modules = sorted(Path(__file__).parent.glob("op_cases_*.py"))
    return [case for m in modules for case in importlib.import_module(m.stem).CASES]

