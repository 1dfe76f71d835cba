"""Chainer's ``flexgrad.training.updaters``."""

from .standard_updater import StandardUpdater as StandardUpdater
