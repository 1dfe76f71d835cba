"""Computing lazy (Dask) values in place of their task graphs, once."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import backends
from ..errors import InvalidTypeError
from ..link import Link
from ..variable import Variable, _materialize_variables


def materialize(*objects: Link | Variable) -> None:
    """Compute the lazy arrays of Links' parameters and of Variables in place.

    What an optimizer does for the parameters it updates, for arrays no optimizer owns:
    on Dask, a target network updated in place every step (``p.array[:] += tau * (q.array
    - p.array)``) otherwise carries one longer task graph each step. A no-op on eager
    backends, so a script calls it on any device.

    >>> import flexgrad, flexgrad.links as L
    >>> target = L.Linear(2, 2)
    >>> target.W.array[:] *= 0.5
    >>> flexgrad.materialize(target)
    """
    variables: list[Variable] = []
    for i, obj in enumerate(objects):
        if isinstance(obj, Link):
            variables += obj.params(include_uninit=False)
        elif isinstance(obj, Variable):
            variables.append(obj)
        else:
            raise InvalidTypeError(f"flexgrad.materialize: argument 'objects[{i}]' expected "
                                   f"a Link or a Variable, got {type(obj).__name__}")
    _materialize_variables(variables)


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
