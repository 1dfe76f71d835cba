"""Chainer's ``ImageDataset`` and ``LabeledImageDataset``: image files read with Pillow
on access, as ``(channels, height, width)`` arrays."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from .. import backends
from ..dataset.dataset_mixin import DatasetMixin
from ..errors import InvalidValueError


def _lines(where: str, path: str) -> list[tuple[int, str]]:
    """The non-blank lines of the text file ``path``, stripped, with their line numbers."""
    try:
        with open(path, encoding="utf-8") as handle:
            return [(n, line.strip()) for n, line in enumerate(handle, 1) if line.strip()]
    except FileNotFoundError:
        raise FileNotFoundError(f"{where}: no list file {path!r}") from None


def _read_image(where: str, path: str, dtype: Any) -> Any:
    """The image at ``path`` as a (channels, height, width) NumPy array of ``dtype``; a
    grayscale image has one channel."""
    try:
        from PIL import Image, UnidentifiedImageError
    except ImportError:
        raise ImportError(f"{where} reads images with Pillow, which is not installed "
                          "(pip install flexgrad[image])") from None
    try:
        with Image.open(path) as image:
            array = backends.NUMPY.xp.asarray(image, dtype=dtype)
    except FileNotFoundError:
        raise FileNotFoundError(f"{where}: no image file {path!r}") from None
    except UnidentifiedImageError:
        raise InvalidValueError(f"{where}: {path!r} is not an image Pillow can read") from None
    if array.ndim == 2:
        return array[None]
    return backends.NUMPY.xp.permute_dims(array, (2, 0, 1))


class ImageDataset(DatasetMixin):
    """Images named by paths, each read when it is accessed.

    Args:
        paths: a list of image paths, or the path of a text file with one path a line.
        root: the directory the paths are relative to.
        dtype: the arrays' dtype; ``flexgrad.config.dtype`` when None.

    ``dataset[i]`` is a ``(channels, height, width)`` array (one channel for grayscale),
    its values as stored (0-255 for 8-bit images).
    """

    _where = "flexgrad.datasets.ImageDataset"

    def __init__(self, paths: str | Sequence[str], root: str = ".", dtype: Any = None) -> None:
        if isinstance(paths, (str, os.PathLike)):
            paths = [line for _, line in _lines(self._where, os.fspath(paths))]
        self._paths = list(paths)
        self._root = root
        self._dtype = backends.get_dtype(dtype)

    def __len__(self) -> int:
        return len(self._paths)

    def get_example(self, i: int) -> Any:
        return _read_image(self._where, os.path.join(self._root, self._paths[i]), self._dtype)


class LabeledImageDataset(DatasetMixin):
    """Images with integer labels, each image read when it is accessed.

    Args:
        pairs: a list of ``(path, label)`` pairs, or the path of a text file with one
            ``path label`` pair a line (separated by whitespace).
        root: the directory the paths are relative to.
        dtype: the images' dtype; ``flexgrad.config.dtype`` when None.
        label_dtype: the labels' dtype.

    ``dataset[i]`` is ``(image, label)``: a ``(channels, height, width)`` array and a
    0-d array of ``label_dtype``.
    """

    _where = "flexgrad.datasets.LabeledImageDataset"

    def __init__(self, pairs: str | Sequence[tuple[str, int]], root: str = ".",
                 dtype: Any = None, label_dtype: Any = "int32") -> None:
        if isinstance(pairs, (str, os.PathLike)):
            pairs = self._read_pairs(os.fspath(pairs))
        self._pairs = [(path, self._label(label, f"pair {i}")) for i, (path, label)
                       in enumerate(pairs)]
        self._root = root
        self._dtype = backends.get_dtype(dtype)
        self._label_dtype = backends.get_dtype(label_dtype)

    def _read_pairs(self, list_path: str) -> list[tuple[str, str]]:
        pairs = []
        for n, line in _lines(self._where, list_path):
            fields = line.split()
            if len(fields) != 2:
                raise InvalidValueError(f"{self._where}: line {n} of {list_path!r} expected "
                                        f"'path label', got {line!r}")
            pairs.append((fields[0], self._label(fields[1], f"line {n} of {list_path!r}")))
        return pairs

    def _label(self, label: Any, where: str) -> int:
        """``label`` as an int, or an error naming ``where`` it came from."""
        try:
            if isinstance(label, bool) or float(label) != int(label):
                raise ValueError
            return int(label)
        except (TypeError, ValueError):
            raise InvalidValueError(f"{self._where}: {where} expected an integer label, got "
                                    f"{label!r}") from None

    def __len__(self) -> int:
        return len(self._pairs)

    def get_example(self, i: int) -> tuple[Any, Any]:
        path, label = self._pairs[i]
        image = _read_image(self._where, os.path.join(self._root, path), self._dtype)
        return image, backends.NUMPY.xp.asarray(label, dtype=self._label_dtype)
