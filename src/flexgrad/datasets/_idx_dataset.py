"""MNIST-shaped datasets from IDX files: fetch into the cache once, parse, shape, scale."""

from __future__ import annotations

import os
from typing import Any

from .. import backends
from ..configuration import config
from ..dataset import download
from ..dataset._check import fail
from ..errors import InvalidValueError
from . import _idx
from .tuple_dataset import TupleDataset

N_CLASSES = 10  # MNIST's digits, Fashion-MNIST's garments

_FILES = {
    "train": ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"),
    "test": ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"),
}


def load_idx(where: str, name: str, base_url: str, file_name: str, ndim: int) -> Any:
    """The uint8 array of rank ``ndim`` in ``file_name`` of dataset ``name``, downloaded
    from ``base_url`` once."""
    path = os.path.join(download.get_dataset_directory(name), file_name)
    download.download(base_url + file_name, path, caller=where)
    try:
        with open(path, "rb") as handle:
            array = _idx.read(handle)
    except (OSError, _idx.IdxFormatError) as exc:
        raise InvalidValueError(f"{where}: the cached file {path} is not a valid IDX file "
                                f"({exc}); delete it so that it is downloaded again") from None
    if array.dtype != backends.NUMPY.xp.uint8 or array.ndim != ndim:
        raise InvalidValueError(f"{where}: the cached file {path} holds {array.dtype} values "
                                f"of shape {array.shape}, expected uint8 of rank {ndim}; "
                                "delete it so that it is downloaded again")
    return array


def _check_labels(where: str, path: str, labels: Any, n: int) -> None:
    """One label per image, each one of the ten classes."""
    if labels.shape != (n,):
        raise InvalidValueError(f"{where}: the cached {path} holds labels of shape "
                                f"{tuple(labels.shape)}, expected ({n},), one per image")
    if n and int(labels.max()) >= N_CLASSES:
        raise InvalidValueError(f"{where}: the cached {path} holds the label "
                                f"{int(labels.max())}, expected labels in [0, {N_CLASSES}); "
                                "delete it so that it is downloaded again")


def get_idx_datasets(where: str, name: str, base_url: str, withlabel: bool, ndim: int,
                     scale: float, dtype: Any, label_dtype: Any,
                     rgb_format: bool) -> tuple[Any, Any]:
    """The (train, test) pair, each a TupleDataset of (image, label) or an image array."""
    if ndim not in (1, 2, 3):
        fail(where, "ndim", "1, 2 or 3", repr(ndim))
    xp = backends.NUMPY.xp
    image_dtype = backends.NUMPY.dtype(config.dtype if dtype is None else dtype)
    splits = []
    for images_file, labels_file in _FILES.values():
        images = load_idx(where, name, base_url, images_file, 3)
        n, rows, cols = images.shape
        if ndim == 1:
            images = xp.reshape(images, (n, rows * cols))
        elif ndim == 3:
            images = xp.reshape(images, (n, 1, rows, cols))
            if rgb_format:
                images = xp.broadcast_to(images, (n, 3, rows, cols))
        images = xp.astype(images, image_dtype) * (scale / 255.0)
        if not withlabel:
            splits.append(images)
            continue
        labels = load_idx(where, name, base_url, labels_file, 1)
        _check_labels(where, labels_file, labels, n)
        splits.append(TupleDataset(images, xp.astype(labels, backends.NUMPY.dtype(label_dtype))))
    return splits[0], splits[1]
