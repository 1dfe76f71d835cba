"""Saving and loading links and optimizers: Chainer's ``save_npz`` / ``load_npz`` and kin."""

from ._base import Deserializer as Deserializer
from ._base import Serializer as Serializer
from ._dictionary import DictionarySerializer as DictionarySerializer
from ._dictionary import NpzDeserializer as NpzDeserializer
from .hdf5 import load_hdf5 as load_hdf5
from .hdf5 import save_hdf5 as save_hdf5
from .npz import load_npz as load_npz
from .npz import save_npz as save_npz
