"""Chainer's ``flexgrad.dataset``: batching (concat_examples), DatasetMixin, Iterator."""

from . import convert as convert
from .convert import Converter as Converter
from .convert import concat_examples as concat_examples
from .convert import converter as converter
from .convert import to_device as to_device
from .dataset_mixin import DatasetMixin as DatasetMixin
from .download import DownloadError as DownloadError
from .download import cached_download as cached_download
from .download import get_dataset_directory as get_dataset_directory
from .download import get_dataset_root as get_dataset_root
from .download import set_dataset_root as set_dataset_root
from .iterator import Iterator as Iterator
