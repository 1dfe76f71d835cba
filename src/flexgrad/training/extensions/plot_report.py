"""Chainer's ``PlotReport``: plot logged means against iterations or epochs into a PNG,
with matplotlib's Agg renderer (no display needed, nothing global changed)."""

from __future__ import annotations

import importlib.util
import json
import os
import warnings
from collections.abc import Callable, Sequence
from typing import Any

from ...serializers import Serializer
from ...serializers._dictionary import write_atomically
from .._check import fail
from ..extension import Extension
from ._accumulate import TriggeredMeans


class PlotReport(Extension):
    """Saves a plot of ``y_keys``' interval means against ``x_key`` to
    ``trainer.out/filename`` each time the trigger fires.

    Needs matplotlib (``pip install flexgrad[plot]``); without it the extension warns once
    and does nothing, as Chainer's does.

    Args:
        y_keys: an observation key or a list of them.
        x_key: ``'iteration'`` or ``'epoch'``.
        trigger: when to add a point and redraw.
        postprocess: ``postprocess(figure, axes, summary)`` edits the plot before saving.
        filename: the image file's name, ``'plot.png'`` by default (``file_name``, the
            name Chainer's MNIST example uses, works too).
        marker: the matplotlib marker of the points.
        grid: draw a grid.
    """

    def __init__(self, y_keys: str | Sequence[str], x_key: str = "iteration",
                 trigger: Any = (1, "epoch"), postprocess: Callable[..., None] | None = None,
                 filename: str | None = None, marker: str | None = "x",
                 grid: bool = True, *, file_name: str | None = None) -> None:
        if x_key not in ("iteration", "epoch"):
            fail("flexgrad.training.extensions.PlotReport", "x_key",
                 "'iteration' or 'epoch'", repr(x_key))
        y_keys = [y_keys] if isinstance(y_keys, str) else list(y_keys)
        self._x_key = x_key
        self._y_keys = y_keys
        self._means = TriggeredMeans(y_keys, trigger)
        self._postprocess = postprocess
        self._file_name = filename or file_name or "plot.png"
        self._marker = marker
        self._grid = grid
        self._data: dict[str, list[list[float]]] = {key: [] for key in y_keys}
        if not self.available():
            warnings.warn("PlotReport needs matplotlib (pip install flexgrad[plot]); "
                          "no plot will be drawn", stacklevel=2)

    @staticmethod
    def available() -> bool:
        """Whether matplotlib is installed."""
        return importlib.util.find_spec("matplotlib") is not None

    def __call__(self, trainer: Any) -> None:
        if not self.available():
            return
        summary = self._means.summary
        stats = self._means(trainer)
        if stats is None:
            return
        for key in self._y_keys:
            if key in stats:
                self._data[key].append([stats[self._x_key], stats[key]])
        self._draw(os.path.join(trainer.out, self._file_name), summary)

    def _draw(self, path: str, summary: Any) -> None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        figure = Figure()
        FigureCanvasAgg(figure)
        axes = figure.add_subplot(111)
        axes.set_xlabel(self._x_key)
        if self._grid:
            axes.grid()
        for key in self._y_keys:
            points = self._data[key]
            if points:
                xs, ys = zip(*points, strict=True)
                axes.plot(xs, ys, marker=self._marker, label=key)
        if not axes.has_data():
            return
        if self._postprocess is not None:
            self._postprocess(figure, axes, summary)
        legend = axes.legend(bbox_to_anchor=(1.05, 1), loc=2, borderaxespad=0.0)
        write_atomically(path, lambda handle: figure.savefig(
            handle, format="png", bbox_extra_artists=(legend,), bbox_inches="tight"))

    def serialize(self, serializer: Any) -> None:
        """The points so far (one JSON string), the trigger and the partial summary."""
        self._means.serialize(serializer)
        key = f"_plot_{self._file_name}"
        if isinstance(serializer, Serializer):
            serializer(key, json.dumps(self._data))
        else:
            self._data = json.loads(serializer(key, json.dumps(self._data)))
