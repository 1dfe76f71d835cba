"""What a recording needs to know about arrays and nodes: node attributes, and whether
the two recordings that confirm a schedule saw the same values."""

from __future__ import annotations

import types
from typing import Any

from .. import backends
from ..function_node import FunctionNode

# the engine's own bookkeeping on a node, not state that forward or backward computes with
_ENGINE_SLOTS = frozenset({"backend", "rank", "_edges", "_outputs", "_retained_inputs",
                           "_retained_outputs", "stack", "_input_shapes", "__weakref__"})
_NAMES: dict[type, tuple[str, ...]] = {}


def node_attributes(node: Any) -> dict[str, Any]:
    """The node's own attributes (``__slots__`` and ``__dict__``) that are set."""
    names = _NAMES.get(type(node))
    if names is None:
        names = _NAMES[type(node)] = tuple(
            name for cls in type(node).__mro__ for name in getattr(cls, "__slots__", ())
            if name not in _ENGINE_SLOTS)
    found = {}
    for name in names:
        try:
            found[name] = getattr(node, name)
        except AttributeError:
            pass
    found.update((k, v) for k, v in getattr(node, "__dict__", {}).items()
                 if k not in _ENGINE_SLOTS)
    return found


def is_array(value: Any) -> bool:
    return backends.backend_by_type(type(value)) is not None or (
        not isinstance(value, (bool, int, float, complex, str, bytes, type(None), tuple,
                               list, dict, FunctionNode))
        and backends.is_array(value))


def same_value(a: Any, b: Any) -> bool:
    """Whether two recordings saw the same value: arrays only if the same object (one made
    anew at each call may come from the data, whatever its value now), containers element
    by element, functions by code and closure, anything else by ``==`` or its contents."""
    if a is b:
        return True
    if type(a) is not type(b):
        return False
    if isinstance(a, (tuple, list)):
        return len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same_value(v, b[k]) for k, v in a.items())
    if is_array(a):  # an array made anew at each call may hold the data's values: no
        return False
    if isinstance(a, types.FunctionType):  # a lambda made anew at each call
        return (a.__code__ is b.__code__ and same_value(a.__defaults__, b.__defaults__)
                and same_value(_cells(a), _cells(b)))
    if type(a).__eq__ is object.__eq__:  # no equality of its own: compare the contents
        return same_value(_contents(a), _contents(b))
    try:
        return bool(a == b)
    except Exception:  # an object whose == is not a truth value
        return False


def _cells(fn: types.FunctionType) -> tuple:
    return tuple([c.cell_contents for c in fn.__closure__ or ()])


def _contents(obj: Any) -> tuple | None:
    """An object's attributes, or None for one that has none (then only itself equals it)."""
    names = [n for cls in type(obj).__mro__ for n in getattr(cls, "__slots__", ())
             if n != "__weakref__"]
    values = {n: getattr(obj, n, None) for n in names}
    values.update(getattr(obj, "__dict__", {}))
    return tuple(values.items()) if values else (object(),)
