"""PrintHook: a line per op's forward and backward, with what it received."""

from __future__ import annotations

import sys
from typing import Any, TextIO

from ..errors import describe
from ..function_hook import FunctionHook


class PrintHook(FunctionHook):
    """Print each op called in ``with PrintHook():``, its inputs and, in backward, the
    gradients it received.

    >>> import numpy as np, flexgrad, flexgrad.functions as F
    >>> with flexgrad.function_hooks.PrintHook():
    ...     y = F.exp(flexgrad.Variable(np.ones(2, np.float32)))
    forward Exp: float32 array of shape (2,) on numpy
    """

    name = "PrintHook"

    def __init__(self, sep: str = ", ", end: str = "\n", file: TextIO | None = None,
                 flush: bool = True) -> None:
        self.sep, self.end, self.file, self.flush = sep, end, file, flush

    def _print(self, text: str) -> None:
        print(text, end=self.end, file=self.file or sys.stdout, flush=self.flush)

    def forward_preprocess(self, function: Any, in_data: tuple) -> None:
        self._print(f"forward {function.label}: {self.sep.join(map(describe, in_data))}")

    def backward_preprocess(self, function: Any, in_data: tuple, out_grad: tuple) -> None:
        self._print(f"backward {function.label}: grads "
                    f"{self.sep.join(map(describe, out_grad))}")
