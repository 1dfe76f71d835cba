"""Chainer's ``flexgrad.training.triggers``: when extensions run and when training stops."""

from ._resolve import get_trigger as get_trigger
from .early_stopping_trigger import EarlyStoppingTrigger as EarlyStoppingTrigger
from .interval_trigger import IntervalTrigger as IntervalTrigger
from .manual_schedule_trigger import ManualScheduleTrigger as ManualScheduleTrigger
from .minmax_value_trigger import BestValueTrigger as BestValueTrigger
from .minmax_value_trigger import MaxValueTrigger as MaxValueTrigger
from .minmax_value_trigger import MinValueTrigger as MinValueTrigger
from .once_trigger import OnceTrigger as OnceTrigger
from .time_trigger import TimeTrigger as TimeTrigger
