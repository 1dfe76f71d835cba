"""Chainer's ``dump_graph``: write the DOT of a reported variable's graph, once."""

from __future__ import annotations

import contextlib
import os
from typing import Any

from ... import computational_graph
from ...configuration import using_config
from ...serializers._dictionary import write_atomically
from ...variable import Variable
from .._check import fail
from ..extension import PRIORITY_WRITER, Extension


class DumpGraph(Extension):
    """At the first iteration, writes the graph behind ``observation[root_name]`` (e.g.
    ``'main/loss'``) as Graphviz DOT to ``trainer.out/filename``.

    Reported values are normally cut from their graph; this keeps them whole
    (``config.keep_graph_on_report``) until the dump, then restores the flag.
    """

    default_name = "dump_graph"
    priority = PRIORITY_WRITER

    def __init__(self, root_name: str, filename: str = "cg.dot") -> None:
        self._root_name = root_name
        self._filename = filename
        self._keeping: contextlib.ExitStack | None = None
        self._flag_called = False

    def trigger(self, trainer: Any) -> bool:
        return not self._flag_called

    def initialize(self, trainer: Any) -> None:
        if not self._flag_called and self._keeping is None:
            self._keeping = contextlib.ExitStack()
            self._keeping.enter_context(using_config("keep_graph_on_report", True))

    def __call__(self, trainer: Any) -> None:
        if self._flag_called:
            return
        try:
            var = trainer.observation.get(self._root_name)
            if not isinstance(var, Variable):
                fail("flexgrad.training.extensions.dump_graph", "root_name",
                     "the key of a reported Variable", f"{self._root_name!r} -> "
                     f"{type(var).__name__}", kind="type")
            dot = computational_graph.build_computational_graph([var]).dump().encode()
            path = os.path.join(trainer.out, self._filename)
            write_atomically(path, lambda handle: handle.write(dot))
        finally:
            self._restore()

    def _restore(self) -> None:
        if self._keeping is not None:
            self._keeping.close()
            self._keeping = None
        self._flag_called = True

    def finalize(self) -> None:
        self._restore()

    def serialize(self, serializer: Any) -> None:
        self._flag_called = bool(serializer("_flag_called", self._flag_called))


def dump_graph(root_name: str, filename: str = "cg.dot") -> DumpGraph:
    """An extension writing the computational graph of ``root_name`` once (Chainer's)."""
    return DumpGraph(root_name, filename)
