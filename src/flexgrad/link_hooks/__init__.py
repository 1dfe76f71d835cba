"""Ready link hooks (Chainer's ``chainer.link_hooks``)."""

from .timer import TimerHook as TimerHook
