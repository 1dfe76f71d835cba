"""Computing the lazy (Dask) values of an observation together, once."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import backends
from ..variable import Variable


def materialized(values: Mapping[str, Any]) -> dict[str, Any]:
    """``values`` with each lazy array (or Variable's array) materialized, in one call per
    lazy backend, so values sharing a graph (a batch's loss and accuracy) compute it once
    rather than once each; other values are kept as they are."""
    groups: dict[Any, list[str]] = {}
    for key, value in values.items():
        array = value.array if isinstance(value, Variable) else value
        if backends.is_array(array) and backends.backend_of(array).is_lazy:
            groups.setdefault(backends.backend_of(array), []).append(key)
    result = dict(values)
    for backend, keys in groups.items():
        arrays = [getattr(values[key], "array", values[key]) for key in keys]
        result.update(zip(keys, backend.materialize(arrays), strict=True))
    return result
