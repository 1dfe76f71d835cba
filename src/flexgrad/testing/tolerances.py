"""Default tolerances by dtype: what a correct op's rounding needs, far below what a wrong
formula gives. Each table maps a dtype name to ``(rtol, atol)``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

Table = Mapping[str, tuple[float, float]]

# Two computations of one value (backends, backprop paths): summed in another order, or a
# GPU's own transcendental functions.
AGREEMENT: Table = {"float64": (1e-7, 1e-9), "float32": (1e-4, 1e-5), "float16": (1e-2, 1e-3)}
# Backward against central differences (eps 1e-3): the numerical side's rounding dominates.
GRADIENT: Table = {"float64": (1e-4, 1e-5), "float32": (1e-3, 1e-4), "float16": (1e-1, 1e-2)}
# Double backward: central differences of a gradient, itself computed with rounding.
DOUBLE: Table = {"float64": (1e-3, 1e-4), "float32": (1e-2, 1e-3), "float16": (1e-1, 1e-2)}


def dtype_name(dtype: Any) -> str:
    """``'float32'`` for NumPy's, array_api_strict's or torch's float32 alike."""
    return str(dtype).rsplit(".", 1)[-1]


def tolerances(table: Table, dtypes: Iterable[Any], rtol: float | None = None,
               atol: float | None = None) -> tuple[float, float]:
    """``(rtol, atol)``: the given ones, else the loosest of the table's for ``dtypes``
    (the least precise dtype decides; float64's when none is in the table)."""
    known = [table[name] for name in map(dtype_name, dtypes) if name in table]
    default_rtol, default_atol = max(known, default=table["float64"])
    return (default_rtol if rtol is None else rtol, default_atol if atol is None else atol)
