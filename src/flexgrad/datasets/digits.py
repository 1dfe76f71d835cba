"""``get_digits``: the 1,797 handwritten 8x8 digits that ship inside scikit-learn.

Real data with no download: the UCI optical digits as scikit-learn bundles them
(``sklearn/datasets/data/digits.csv.gz``: 64 pixels in 0-16, then the label, a row each).
The file is read directly, so scikit-learn itself is never imported.
"""

from __future__ import annotations

import gzip
import importlib.util
import os
from typing import Any

from .. import backends
from ..configuration import config
from ..dataset._check import fail
from ..dataset._random import permutation
from ..errors import InvalidValueError
from .tuple_dataset import TupleDataset

WHERE = "flexgrad.datasets.get_digits"
N_DIGITS, SIDE, LEVELS, N_CLASSES = 1797, 8, 16, 10
TEST_SIZE = 360  # a fifth, each class in proportion; 1,437 digits remain to train on
SPLIT_SEED = 0  # the same split on every machine and every run


def get_digits(withlabel: bool = True, ndim: int = 1, scale: float = 1.0, dtype: Any = None,
               label_dtype: Any = "int32") -> tuple[Any, Any]:
    """scikit-learn's 1,797 8x8 handwritten digits, split 1,437 train / 360 test.

    Args:
        withlabel: TupleDatasets of (image, label) if True, image arrays if False.
        ndim: image shape: 1 gives (64,), 2 gives (8, 8), 3 gives (1, 8, 8).
        scale: pixels scale from [0, 16] to [0, scale].
        dtype: image dtype; None is ``flexgrad.config.dtype`` (float32).
        label_dtype: label dtype (int32, as ``get_mnist``'s).

    Returns:
        ``(train, test)`` of NumPy arrays, as ``get_mnist`` gives them. The split is
        stratified (each digit a fifth in test) and fixed by a seed, so it never changes.
        Needs scikit-learn installed (``pip install flexgrad[data]``), nothing else.
    """
    if ndim not in (1, 2, 3):
        fail(WHERE, "ndim", "1, 2 or 3", repr(ndim))
    xp = backends.NUMPY.xp
    images, labels = _read_bundled_file()
    shape = {1: (-1, SIDE * SIDE), 2: (-1, SIDE, SIDE), 3: (-1, 1, SIDE, SIDE)}[ndim]
    image_dtype = backends.NUMPY.dtype(config.dtype if dtype is None else dtype)
    images = xp.astype(xp.reshape(images, shape), image_dtype) * (scale / LEVELS)
    is_test = xp.zeros(labels.shape[0], dtype=xp.bool)
    is_test[_stratified_test_indices(labels)] = True
    labels = xp.astype(labels, backends.NUMPY.dtype(label_dtype))
    splits = []
    for picked in (~is_test, is_test):
        splits.append(TupleDataset(images[picked], labels[picked]) if withlabel
                      else images[picked])
    return splits[0], splits[1]


def _bundled_path() -> str:
    """Where scikit-learn keeps the digits, found without importing scikit-learn."""
    spec = importlib.util.find_spec("sklearn")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError(f"{WHERE} reads the digits that ship with scikit-learn, which is "
                          "not installed (pip install scikit-learn, or flexgrad[data])")
    folder = list(spec.submodule_search_locations)[0]
    return os.path.join(folder, "datasets", "data", "digits.csv.gz")


def _read_bundled_file() -> tuple[Any, Any]:
    """The (1797, 64) pixels in [0, 16] and the (1797,) labels, checked."""
    xp = backends.NUMPY.xp
    path = _bundled_path()
    try:
        with gzip.open(path, "rt") as handle:
            rows = [[float(v) for v in line.split(",")] for line in handle if line.strip()]
    except (OSError, ValueError, EOFError) as exc:
        raise InvalidValueError(f"{WHERE}: scikit-learn's {path} could not be read as the "
                                f"digits' CSV ({exc}); reinstall scikit-learn") from None
    table = xp.asarray(rows, dtype=xp.float64)
    if table.shape != (N_DIGITS, SIDE * SIDE + 1):
        raise InvalidValueError(f"{WHERE}: scikit-learn's {path} holds a table of shape "
                                f"{table.shape}, expected ({N_DIGITS}, 65): 64 pixels and a "
                                "label per digit")
    pixels, labels = table[:, :-1], table[:, -1]
    if xp.any(pixels < 0) or xp.any(pixels > LEVELS) or xp.any(labels != xp.round(labels)) \
            or xp.any(labels < 0) or xp.any(labels >= N_CLASSES):
        raise InvalidValueError(f"{WHERE}: scikit-learn's {path} holds pixels outside "
                                f"[0, {LEVELS}] or labels outside 0-9")
    return pixels, xp.astype(labels, xp.int64)


def _stratified_test_indices(labels: Any) -> Any:
    """``TEST_SIZE`` indices, each class in proportion to its size, chosen by a fixed seed.

    The digits are shuffled, each one's rank within its class becomes a fraction of the
    class size, and the ``TEST_SIZE`` smallest fractions make the test set.
    """
    xp = backends.NUMPY.xp
    n = labels.shape[0]
    order = permutation(n, SPLIT_SEED)
    shuffled = xp.take(labels, order)
    grouped = xp.argsort(shuffled, stable=True)
    classes = xp.take(shuffled, grouped)
    counts = xp.unique_counts(classes).counts
    starts = xp.cumulative_sum(counts) - counts
    rank = xp.arange(n) - xp.take(starts, classes)
    fraction = (xp.astype(rank, xp.float64) + 0.5) / xp.take(counts, classes)
    chosen = xp.take(grouped, xp.argsort(fraction, stable=True)[:TEST_SIZE])
    return xp.sort(xp.take(order, chosen))
