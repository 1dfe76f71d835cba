"""Utilities Chainer keeps in ``chainer.utils`` that ported models use directly."""

from . import type_check as type_check
from .walker_alias import WalkerAlias as WalkerAlias
