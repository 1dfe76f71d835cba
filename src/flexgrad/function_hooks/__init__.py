"""Ready function hooks (Chainer's ``chainer.function_hooks``)."""

from .print_hook import PrintHook as PrintHook
from .timer import TimerHook as TimerHook
