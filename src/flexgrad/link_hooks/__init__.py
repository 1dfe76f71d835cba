"""Ready link hooks (Chainer's ``chainer.link_hooks``)."""

from .spectral_normalization import SpectralNormalization as SpectralNormalization
from .timer import TimerHook as TimerHook
