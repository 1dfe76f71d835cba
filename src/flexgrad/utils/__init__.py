"""Utilities Chainer keeps in ``chainer.utils`` that ported models use directly."""

from . import type_check as type_check
from .sparse import CooMatrix as CooMatrix
from .sparse import to_coo as to_coo
from .walker_alias import WalkerAlias as WalkerAlias
