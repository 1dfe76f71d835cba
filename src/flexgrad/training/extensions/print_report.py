"""Chainer's ``PrintReport``: LogReport's entries as a table on the console."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import IO, Any

from tqdm import tqdm

from .._check import fail
from ..extension import Extension
from .log_report import LogReport


class PrintReport(Extension):
    """Prints one row per new LogReport entry, under a header of ``entries``.

    Columns are at least 10 characters wide (as wide as their name otherwise), numbers
    printed with ``'{:<Wg}'``, and a missing value as blanks: Chainer's table. A
    ProgressBar on the same terminal is lifted while rows print and drawn again below.

    Args:
        entries: the log keys to show, e.g. ``['epoch', 'main/loss', 'elapsed_time']``.
        log_report: the LogReport's name in the trainer, or a LogReport of its own.
        out: where to print.
    """

    def __init__(self, entries: Sequence[str], log_report: str | LogReport = "LogReport",
                 out: IO[str] | None = None) -> None:
        if not isinstance(log_report, (str, LogReport)):
            fail("flexgrad.training.extensions.PrintReport", "log_report",
                 "a LogReport or the name of one", log_report, kind="type")
        self._entries = list(entries)
        self._log_report = log_report
        self._out = out
        self._log_len = 0
        widths = [max(10, len(entry)) for entry in self._entries]
        self._header: str | None = "  ".join(
            entry.ljust(width) for entry, width in zip(self._entries, widths, strict=True)
        ) + "\n"
        self._templates = [(entry, "{:<" + str(width) + "g}  ", " " * (width + 2))
                           for entry, width in zip(self._entries, widths, strict=True)]

    @property
    def out(self) -> IO[str]:
        return sys.stdout if self._out is None else self._out

    def __call__(self, trainer: Any) -> None:
        log_report = self._log_report
        if isinstance(log_report, str):
            log_report = trainer.get_extension(log_report)
        else:
            log_report(trainer)
        log = log_report.log
        if not self._header and len(log) == self._log_len:
            return
        with tqdm.external_write_mode(file=self.out):  # lifts a ProgressBar off the rows
            if self._header:
                self.out.write(self._header)
                self._header = None
            while len(log) > self._log_len:
                self._print(log[self._log_len])
                self._log_len += 1

    def _print(self, observation: dict[str, Any]) -> None:
        out = self.out
        for entry, template, empty in self._templates:
            out.write(template.format(observation[entry]) if entry in observation else empty)
        out.write("\n")
        if hasattr(out, "flush"):
            out.flush()

    def serialize(self, serializer: Any) -> None:
        """A LogReport of its own is saved with it; a named one is saved by the trainer."""
        if isinstance(self._log_report, LogReport):
            self._log_report.serialize(serializer["_log_report"])
