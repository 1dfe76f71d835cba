"""Utilities Chainer keeps in ``chainer.utils`` that ported models use directly."""

from .walker_alias import WalkerAlias as WalkerAlias
