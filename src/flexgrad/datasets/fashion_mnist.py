"""Chainer's ``get_fashion_mnist``: Zalando's clothing images, MNIST's format and sizes."""

from __future__ import annotations

from typing import Any

from ._idx_dataset import get_idx_datasets

URL = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"

_LABELS = ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
           "Sneaker", "Bag", "Ankle boot")


def get_fashion_mnist_labels() -> tuple[str, ...]:
    """The class names, by label."""
    return _LABELS


def get_fashion_mnist(withlabel: bool = True, ndim: int = 1, scale: float = 1.0,
                      dtype: Any = None, label_dtype: Any = "int32",
                      rgb_format: bool = False) -> tuple[Any, Any]:
    """Fashion-MNIST's 60,000 training and 10,000 test images, as NumPy arrays.

    The arguments and result are ``get_mnist``'s; the files are cached under
    ``$FLEXGRAD_DATASET_ROOT/fashion-mnist`` (default ``~/.flexgrad/dataset``).
    """
    return get_idx_datasets("flexgrad.datasets.get_fashion_mnist", "fashion-mnist", URL,
                            withlabel, ndim, scale, dtype, label_dtype, rgb_format)
