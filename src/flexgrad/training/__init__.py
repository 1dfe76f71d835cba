"""Chainer's ``flexgrad.training``: the Trainer, updaters, triggers and extensions.

>>> import flexgrad.training as training
>>> training.get_trigger((2, 'epoch')).get_training_length()
(2, 'epoch')
"""

from . import extensions as extensions
from . import triggers as triggers
from . import updaters as updaters
from . import util as util
from .extension import PRIORITY_EDITOR as PRIORITY_EDITOR
from .extension import PRIORITY_READER as PRIORITY_READER
from .extension import PRIORITY_WRITER as PRIORITY_WRITER
from .extension import Extension as Extension
from .extension import make_extension as make_extension
from .trainer import Trainer as Trainer
from .triggers import get_trigger as get_trigger
from .updater import Updater as Updater
from .updaters import ParallelUpdater as ParallelUpdater
from .updaters import StandardUpdater as StandardUpdater
