"""Draw the recorded graph: Graphviz DOT text, and inline display in Jupyter.

>>> import numpy as np, flexgrad
>>> from flexgrad.computational_graph import build_computational_graph
>>> x = flexgrad.Variable(np.ones(2), name="x")
>>> g = build_computational_graph([x * 2 + 1])
>>> [node.label for node in g.functions]
['AddConstant', 'MulConstant']
>>> g.dump().startswith("digraph graphname")
True
"""

from __future__ import annotations

import html
import shutil
import subprocess
from collections.abc import Sequence
from typing import Any

from .errors import describe
from .function_node import FunctionNode
from .variable import Variable


class VariableVertex:
    """A value in the graph: a leaf Variable, or output ``index`` of a FunctionNode."""

    __slots__ = ("key", "variable")

    def __init__(self, key: Any, variable: Variable | None) -> None:
        self.key = key
        self.variable = variable

    @property
    def label(self) -> str:
        v = self.variable
        if v is None:
            return "(freed)"
        text = describe(v).replace(" array of shape ", ", ")
        return f"{v.name}: {text}" if v.name else text


class ComputationalGraph:
    """Vertices and edges of a recorded graph, in the order backward would meet them."""

    def __init__(
        self,
        variables: list[VariableVertex],
        functions: list[FunctionNode],
        edges: list[tuple[Any, Any]],
        rankdir: str = "TB",
    ) -> None:
        self.variables = variables
        self.functions = functions
        self.edges = edges
        self.rankdir = rankdir

    def _ids(self) -> dict[int, str]:
        ids = {id(v): f"v{i}" for i, v in enumerate(self.variables)}
        ids.update({id(f): f"f{i}" for i, f in enumerate(self.functions)})
        return ids

    def dump(self, format: str = "dot") -> str:  # noqa: A002 - Chainer's name
        """The graph as Graphviz DOT text (Chainer's only format)."""
        if format != "dot":
            raise ValueError(f"ComputationalGraph.dump: format 'dot' expected, got {format!r}")
        ids = self._ids()
        lines = [f"digraph graphname{{rankdir={self.rankdir};"]
        for v in self.variables:
            lines.append(f'{ids[id(v)]} [label="{_escape(v.label)}",shape="oval"];')
        for f in self.functions:
            lines.append(
                f'{ids[id(f)]} [label="{_escape(f.label)}",shape="box",style="filled",'
                'fillcolor="#d8e6f3"];'
            )
        lines += [f"{ids[id(a)]} -> {ids[id(b)]};" for a, b in self.edges]
        lines.append("}")
        return "\n".join(lines)

    def text(self) -> str:
        """A readable listing: each op with its inputs and outputs."""
        ids = self._ids()
        lines = []
        for f in reversed(self.functions):
            ins = [ids[id(a)] for a, b in self.edges if b is f]
            outs = [ids[id(b)] for a, b in self.edges if a is f]
            lines.append(f"{ids[id(f)]} {f.label}({', '.join(ins)}) -> {', '.join(outs)}")
        lines += [f"{ids[id(v)]} = {v.label}" for v in self.variables]
        return "\n".join(lines)

    def svg(self) -> str | None:
        """SVG rendered by the Graphviz ``dot`` program, or None when it is not installed."""
        dot = shutil.which("dot")
        if dot is None:
            return None
        done = subprocess.run([dot, "-Tsvg"], input=self.dump(), capture_output=True,
                              text=True, timeout=30, check=False)
        return done.stdout if done.returncode == 0 else None

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        svg = self.svg()
        bundle = {"text/plain": self.text()}
        if svg is not None:
            bundle["image/svg+xml"] = svg
        else:
            bundle["text/html"] = f"<pre>{html.escape(self.text())}</pre>"
        return bundle

    def __repr__(self) -> str:
        return (f"<ComputationalGraph: {len(self.functions)} functions, "
                f"{len(self.variables)} variables>")


def build_computational_graph(
    outputs: Variable | Sequence[Variable], rankdir: str = "TB", remove_variable: bool = False
) -> ComputationalGraph:
    """Collect every op and value that ``outputs`` depend on (Chainer's function).

    Args:
        outputs: the Variables to start from.
        rankdir: Graphviz layout direction, ``'TB'``, ``'BT'``, ``'LR'`` or ``'RL'``.
        remove_variable: draw ops only, connected directly to each other.
    """
    if isinstance(outputs, Variable):
        outputs = [outputs]
    if rankdir not in ("TB", "BT", "LR", "RL"):
        raise ValueError(f"build_computational_graph: rankdir 'TB', 'BT', 'LR' or 'RL' "
                         f"expected, got {rankdir!r}")
    vertices: dict[Any, VariableVertex] = {}
    functions: list[FunctionNode] = []
    edges: list[tuple[Any, Any]] = []
    seen: set[int] = set()

    def vertex(key: Any) -> VariableVertex:
        found = vertices.get(key)
        if found is None:
            if isinstance(key, Variable):
                variable = key
            else:
                variable = key[0]._outputs[key[1]]()
            found = vertices[key] = VariableVertex(key, variable)
        return found

    stack = []
    for y in outputs:
        key = y if y.creator is None else (y.creator, y._index)
        vertex(key).variable = y
        if y.creator is not None:
            stack.append(y.creator)
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        functions.append(node)
        for i in range(len(node._outputs)):
            edges.append((node, vertex((node, i))))
        for edge in node._edges:
            if edge is None:
                continue
            edges.append((vertex(edge), node))
            if type(edge) is tuple:
                stack.append(edge[0])
    functions.sort(key=lambda f: -f.rank)
    if remove_variable:
        return _without_variables(functions, edges, rankdir)
    return ComputationalGraph(list(vertices.values()), functions, edges, rankdir)


def _without_variables(functions, edges, rankdir) -> ComputationalGraph:
    producer = {id(b): a for a, b in edges if isinstance(a, FunctionNode)}
    op_edges = [(producer[id(a)], b) for a, b in edges
                if isinstance(b, FunctionNode) and id(a) in producer]
    return ComputationalGraph([], functions, op_edges, rankdir)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')
