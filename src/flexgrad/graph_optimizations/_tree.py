"""Arguments and results as a skeleton with holes where the arrays and Variables go."""

from __future__ import annotations

from typing import Any

from ..variable import Variable
from ._slots import is_array


class Hole:
    """Where the ``index``-th array or Variable of a flattened structure goes."""

    __slots__ = ("index",)

    def __init__(self, index: int) -> None:
        self.index = index

    def __eq__(self, other: object) -> bool:
        return type(other) is Hole and other.index == self.index

    def __hash__(self) -> int:
        return hash(("Hole", self.index))

    def __repr__(self) -> str:
        return f"Hole({self.index})"


def flatten(obj: Any, items: list[Any]) -> Any:
    """``obj`` with each array or Variable moved to ``items`` and a Hole left in its place
    (through tuples, lists and dicts)."""
    if isinstance(obj, Variable) or is_array(obj):
        items.append(obj)
        return Hole(len(items) - 1)
    if type(obj) is tuple or type(obj) is list:
        return type(obj)([flatten(x, items) for x in obj])
    if type(obj) is dict:
        return {k: flatten(v, items) for k, v in obj.items()}
    return obj


def fill(skeleton: Any, items: list[Any]) -> Any:
    """The structure ``flatten`` took apart, with ``items`` in its holes."""
    if type(skeleton) is Hole:
        return items[skeleton.index]
    if type(skeleton) is tuple or type(skeleton) is list:
        return type(skeleton)([fill(x, items) for x in skeleton])
    if type(skeleton) is dict:
        return {k: fill(v, items) for k, v in skeleton.items()}
    return skeleton
