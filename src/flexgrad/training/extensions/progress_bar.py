"""Chainer's ``ProgressBar``, drawn by tqdm: a console bar, or a widget in Jupyter."""

from __future__ import annotations

from typing import IO, Any

from .._check import fail
from ..extension import Extension


class ProgressBar(Extension):
    """Shows how far training is (iterations or epochs of the stop trigger's length), the
    iteration and epoch, the speed and the time left.

    Args:
        training_length: ``(length, unit)``; by default the stop trigger's
            ``get_training_length()``.
        update_interval: redraw every this many iterations.
        bar_length: the bar's width in characters on a given ``out`` (tqdm.auto sizes
            its own).
        out: a text stream to draw on; None lets ``tqdm.auto`` choose (a widget in
            Jupyter, standard error in a terminal).
    """

    def __init__(self, training_length: tuple[float, str] | None = None,
                 update_interval: int = 100, bar_length: int = 50,
                 out: IO[str] | None = None) -> None:
        self._training_length = training_length
        self._update_interval = update_interval
        self._bar_length = bar_length
        self._out = out
        self._bar: Any = None
        self._trainer: Any = None

    def initialize(self, trainer: Any) -> None:
        length = self._training_length
        if length is None:
            get_length = getattr(trainer.stop_trigger, "get_training_length", None)
            if get_length is None:
                fail("flexgrad.training.extensions.ProgressBar", "training_length",
                     "(length, unit), as the stop trigger has no get_training_length()",
                     "None")
            length = get_length()
        self._training_length = length
        total, unit = length
        self._trainer = trainer
        if self._out is None:  # tqdm.notebook draws its own widget for a plain {bar}
            from tqdm.auto import tqdm

            bar = "{bar}"
        else:
            from tqdm import tqdm

            bar = "{bar:" + str(self._bar_length) + "}"
        self._bar = tqdm(total=total, unit=unit, file=self._out,
                         bar_format="{l_bar}" + bar + "| {n:.4g}/{total_fmt} {unit}s "
                                    "[{elapsed}<{remaining}{postfix}]")
        self._refresh(trainer)

    def __call__(self, trainer: Any) -> None:
        if self._bar is None:
            self.initialize(trainer)
        if trainer.updater.iteration % self._update_interval == 0:
            self._refresh(trainer)

    def _refresh(self, trainer: Any) -> None:
        updater = trainer.updater
        unit = self._training_length[1]
        done = updater.iteration if unit == "iteration" else updater.epoch_detail
        # the last epoch may overshoot (its final batch wraps round); tqdm warns past total
        self._bar.n = min(done, self._bar.total)
        self._bar.set_postfix_str(f"iter {updater.iteration}, epoch {updater.epoch}",
                                  refresh=False)
        self._bar.refresh()

    def finalize(self) -> None:
        """Draw where training stopped, then close the bar."""
        if self._bar is not None:
            self._refresh(self._trainer)
            self._bar.close()
            self._bar = None
