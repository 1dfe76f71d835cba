"""Chainer's ``flexgrad.training.updaters``."""

from .parallel_updater import ParallelUpdater as ParallelUpdater
from .standard_updater import StandardUpdater as StandardUpdater
