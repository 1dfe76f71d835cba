"""Chainer's ``get_mnist``: the MNIST digits, downloaded once into the dataset cache."""

from __future__ import annotations

from typing import Any

from ._idx_dataset import get_idx_datasets

URL = "https://ossci-datasets.s3.amazonaws.com/mnist/"


def get_mnist(withlabel: bool = True, ndim: int = 1, scale: float = 1.0, dtype: Any = None,
              label_dtype: Any = "int32", rgb_format: bool = False) -> tuple[Any, Any]:
    """MNIST's 60,000 training and 10,000 test digits, as NumPy arrays.

    Args:
        withlabel: TupleDatasets of (image, label) if True, image arrays if False.
        ndim: image shape: 1 gives (784,), 2 gives (28, 28), 3 gives (1, 28, 28).
        scale: pixels scale from [0, 255] to [0, scale].
        dtype: image dtype; None is ``flexgrad.config.dtype`` (float32).
        label_dtype: label dtype (int32, as Chainer's ``numpy.int32``).
        rgb_format: with ``ndim=3``, three equal channels (3, 28, 28).

    Returns:
        ``(train, test)``. The files are cached under ``$FLEXGRAD_DATASET_ROOT/mnist``
        (default ``~/.flexgrad/dataset``); without them and without network a
        ``flexgrad.dataset.DownloadError`` names the URL and the folder.
    """
    return get_idx_datasets("flexgrad.datasets.get_mnist", "mnist", URL, withlabel, ndim,
                            scale, dtype, label_dtype, rgb_format)
