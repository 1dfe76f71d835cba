"""Chainer's ``flexgrad.dataset``: batching (concat_examples), DatasetMixin, Iterator."""

from . import convert as convert
from .convert import Converter as Converter
from .convert import concat_examples as concat_examples
from .convert import converter as converter
from .convert import to_device as to_device
from .dataset_mixin import DatasetMixin as DatasetMixin
from .iterator import Iterator as Iterator
