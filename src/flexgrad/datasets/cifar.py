"""Chainer's ``get_cifar10`` / ``get_cifar100``, read from the binary (never pickled) archives."""

from __future__ import annotations

import os
from typing import Any

from .. import backends
from ..configuration import config
from ..dataset import download
from ..dataset._check import fail
from ..errors import InvalidValueError
from . import _cifar
from ._npz_cache import cache_or_load_arrays, stale
from .tuple_dataset import TupleDataset

URL = "https://www.cs.toronto.edu/~kriz/"
_KINDS = {"train_x": "u", "train_y": "iu", "test_x": "u", "test_y": "iu"}
_CLASSES = {"cifar-10": 10, "cifar-100": 100}
_CIFAR10_DIR = "cifar-10-batches-bin/"
# name -> (archive, {split: members}, label bytes per record, which one is the label)
_FORMATS = {
    "cifar-10": ("cifar-10-binary.tar.gz",
                 {"train": [f"{_CIFAR10_DIR}data_batch_{i}.bin" for i in range(1, 6)],
                  "test": [_CIFAR10_DIR + "test_batch.bin"]}, 1, 0),
    "cifar-100": ("cifar-100-binary.tar.gz",
                  {"train": ["cifar-100-binary/train.bin"],
                   "test": ["cifar-100-binary/test.bin"]}, 2, 1),  # fine labels
}


def get_cifar10(withlabel: bool = True, ndim: int = 3, scale: float = 1.0,
                dtype: Any = None) -> tuple[Any, Any]:
    """CIFAR-10's 50,000 training and 10,000 test 32x32 colour images of 10 classes.

    Args:
        withlabel: TupleDatasets of (image, int32 label) if True, image arrays if False.
        ndim: image shape: 3 gives (3, 32, 32), 1 gives (3072,).
        scale: pixels scale from [0, 255] to [0, scale].
        dtype: image dtype; None is ``flexgrad.config.dtype`` (float32).

    Returns:
        ``(train, test)`` of NumPy arrays. The binary archive is downloaded once into
        ``$FLEXGRAD_DATASET_ROOT/cifar`` (default ``~/.flexgrad/dataset``) and its records
        cached there as ``cifar-10.npz``; offline, a ``DownloadError`` names the URL.
    """
    return _get_cifar("flexgrad.datasets.get_cifar10", "cifar-10", withlabel, ndim, scale,
                      dtype)


def get_cifar100(withlabel: bool = True, ndim: int = 3, scale: float = 1.0,
                 dtype: Any = None) -> tuple[Any, Any]:
    """CIFAR-100's 50,000 training and 10,000 test images, labelled by the 100 fine classes.

    The arguments, result and caching (``cifar-100.npz``) are ``get_cifar10``'s.
    """
    return _get_cifar("flexgrad.datasets.get_cifar100", "cifar-100", withlabel, ndim, scale,
                      dtype)


def _get_cifar(where: str, name: str, withlabel: bool, ndim: int, scale: float,
               dtype: Any) -> tuple[Any, Any]:
    """The (train, test) pair of ``name``, from the ``.npz`` cache or the archive."""
    if ndim not in (1, 3):
        fail(where, "ndim", "1 or 3", repr(ndim))
    folder = download.get_dataset_directory("cifar")
    raw = cache_or_load_arrays(where, os.path.join(folder, name + ".npz"),
                               lambda: _read_archive(where, name, folder), _KINDS)
    for split in ("train", "test"):
        _check_split(where, os.path.join(folder, name + ".npz"), split, raw, _CLASSES[name])
    image_dtype = backends.NUMPY.dtype(config.dtype if dtype is None else dtype)
    return (_preprocess(raw["train_x"], raw["train_y"], withlabel, ndim, scale, image_dtype),
            _preprocess(raw["test_x"], raw["test_y"], withlabel, ndim, scale, image_dtype))


def _check_split(where: str, path: str, split: str, raw: dict[str, Any], classes: int) -> None:
    """A cached split holds uint8 images (n, 3072) and one label in [0, classes) each."""
    x, y = raw[split + "_x"], raw[split + "_y"]
    if x.dtype != backends.NUMPY.xp.uint8 or x.ndim != 2 or x.shape[1] != _cifar.PIXELS:
        raise stale(where, path, f"'{split}_x' is {x.dtype} of shape {x.shape}, expected "
                                 "uint8 images of shape (n, 3072)")
    if y.shape != (x.shape[0],):
        raise stale(where, path, f"'{split}_y' has shape {y.shape}, expected "
                                 f"({x.shape[0]},), one label per image")
    if y.size and not (0 <= int(y.min()) and int(y.max()) < classes):
        bad = int(y.min()) if int(y.min()) < 0 else int(y.max())
        raise stale(where, path, f"'{split}_y' holds the label {bad}, expected labels in "
                                 f"[0, {classes})")


def _read_archive(where: str, name: str, folder: str) -> dict[str, Any]:
    """Download ``name``'s binary archive once and parse its records."""
    archive, members, label_bytes, label_index = _FORMATS[name]
    path = os.path.join(folder, archive)
    download.download(URL + archive, path, caller=where)
    try:
        return _cifar.read_archive(path, members, label_bytes, label_index)
    except _cifar.CifarFormatError as exc:
        raise InvalidValueError(f"{where}: the cached file {path} is not CIFAR's binary "
                                f"archive ({exc}); delete it so that it is downloaded "
                                "again") from None


def _preprocess(images: Any, labels: Any, withlabel: bool, ndim: int, scale: float,
                dtype: Any) -> Any:
    """Shape and scale uint8 records; pair them with int32 labels if asked."""
    xp = backends.NUMPY.xp
    shape = (-1, 3, 32, 32) if ndim == 3 else (-1, _cifar.PIXELS)
    images = xp.astype(xp.reshape(images, shape), dtype) * (scale / 255.0)
    if not withlabel:
        return images
    return TupleDataset(images, xp.astype(labels, xp.int32))
