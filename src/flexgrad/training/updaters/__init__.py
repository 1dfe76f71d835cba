"""Chainer's ``flexgrad.training.updaters``."""

from .multiprocess_parallel_updater import (
    MultiprocessParallelUpdater as MultiprocessParallelUpdater,
)
from .parallel_updater import ParallelUpdater as ParallelUpdater
from .standard_updater import StandardUpdater as StandardUpdater
