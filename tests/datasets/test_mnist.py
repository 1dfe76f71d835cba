"""get_mnist / get_fashion_mnist from small IDX files in a temporary cache; no network."""

from __future__ import annotations

import gzip
import struct
import urllib.error
import urllib.request

import numpy as np
import pytest

from flexgrad.dataset import DownloadError, download, get_dataset_root, set_dataset_root
from flexgrad.datasets import (
    TupleDataset,
    _idx,
    get_fashion_mnist,
    get_fashion_mnist_labels,
    get_mnist,
)
from flexgrad.errors import InvalidValueError

CODES = {np.uint8: 0x08, np.int8: 0x09, np.int16: 0x0B, np.int32: 0x0C, np.float32: 0x0D,
         np.float64: 0x0E}


def idx_bytes(array):
    array = np.asarray(array)
    header = bytes([0, 0, CODES[array.dtype.type], array.ndim])
    dims = struct.pack(f">{array.ndim}I", *array.shape)
    return header + dims + array.astype(array.dtype.newbyteorder(">")).tobytes()


@pytest.fixture
def no_network(monkeypatch):
    def refuse(url, *args, **kwargs):
        raise urllib.error.URLError("no network in tests")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)


def write_cache(folder, n_train=5, n_test=3):
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(0)
    arrays = {}
    for prefix, n in (("train", n_train), ("t10k", n_test)):
        images = rng.integers(0, 256, (n, 28, 28)).astype(np.uint8)
        labels = rng.integers(0, 10, n).astype(np.uint8)
        (folder / f"{prefix}-images-idx3-ubyte.gz").write_bytes(gzip.compress(idx_bytes(images)))
        (folder / f"{prefix}-labels-idx1-ubyte.gz").write_bytes(gzip.compress(idx_bytes(labels)))
        arrays[prefix] = images, labels
    return arrays


@pytest.mark.parametrize("dtype", [np.uint8, np.int8, np.int16, np.int32, np.float32,
                                   np.float64])
def test_idx_parser_round_trips_every_type(dtype):
    array = (np.arange(24).reshape(2, 3, 4) - 5).astype(dtype)
    if dtype is np.uint8:
        array = np.arange(24, dtype=np.uint8).reshape(2, 3, 4)
    for data in (idx_bytes(array), gzip.compress(idx_bytes(array))):
        out = _idx.parse(data)
        assert out.dtype == np.dtype(dtype) and out.dtype.isnative
        np.testing.assert_array_equal(out, array)


@pytest.mark.parametrize("data, message", [
    (b"\x01\x02\x08\x01", "no IDX header"),
    (bytes([0, 0, 0x42, 1, 0, 0, 0, 1, 0]), "unknown IDX type code 0x42"),
    (bytes([0, 0, 8, 2, 0, 0, 0]), "cut short"),
    (bytes([0, 0, 8, 1, 0, 0, 0, 3, 1, 2]), "needs 11 bytes, the file has 10"),
    (b"\x1f\x8b\x08\x00garbage", "damaged gzip"),
])
def test_idx_parser_rejects_bad_bytes(data, message):
    with pytest.raises(_idx.IdxFormatError, match=message):
        _idx.parse(data)


def test_get_mnist_reads_the_cache_with_chainers_shapes(tmp_path, monkeypatch, no_network):
    monkeypatch.setenv("FLEXGRAD_DATASET_ROOT", str(tmp_path))
    arrays = write_cache(tmp_path / "mnist")
    train, test = get_mnist()
    assert isinstance(train, TupleDataset) and len(train) == 5 and len(test) == 3
    x, t = train[0]
    assert x.shape == (784,) and x.dtype == np.float32 and t.dtype == np.int32
    np.testing.assert_allclose(x, arrays["train"][0][0].reshape(-1) / 255.0, rtol=1e-6)
    assert int(test[2][1]) == arrays["t10k"][1][2]
    train, _ = get_mnist(ndim=2, scale=2.0, dtype=np.float64, label_dtype=np.int64)
    assert train[0][0].shape == (28, 28) and train[0][0].dtype == np.float64
    assert train[0][1].dtype == np.int64 and float(train[0][0].max()) <= 2.0
    train, _ = get_mnist(ndim=3, rgb_format=True)
    assert train[0][0].shape == (3, 28, 28)
    np.testing.assert_array_equal(train[0][0][0], train[0][0][2])
    images, test_images = get_mnist(withlabel=False, ndim=3)
    assert images.shape == (5, 1, 28, 28) and test_images.shape == (3, 1, 28, 28)


def test_get_fashion_mnist_uses_its_own_folder(tmp_path, monkeypatch, no_network):
    monkeypatch.setenv("FLEXGRAD_DATASET_ROOT", str(tmp_path))
    write_cache(tmp_path / "fashion-mnist", n_train=2, n_test=4)
    train, test = get_fashion_mnist()
    assert len(train) == 2 and len(test) == 4
    assert len(get_fashion_mnist_labels()) == 10


def test_missing_file_without_network_names_url_and_folder(tmp_path, monkeypatch, no_network):
    monkeypatch.setenv("FLEXGRAD_DATASET_ROOT", str(tmp_path))
    with pytest.raises(DownloadError) as info:
        get_mnist()
    message = str(info.value)
    assert "flexgrad.datasets.get_mnist" in message
    assert "https://ossci-datasets.s3.amazonaws.com/mnist/train-images-idx3-ubyte.gz" in message
    assert str(tmp_path / "mnist") in message and "FLEXGRAD_DATASET_ROOT" in message
    assert isinstance(info.value, OSError)
    assert list((tmp_path / "mnist").iterdir()) == []  # no partial file left behind


class _Response:
    def __init__(self, chunks, fail_after=None):
        self.chunks, self.fail_after = list(chunks), fail_after

    def read(self, size=-1):
        if self.fail_after is not None and not self.chunks:
            raise ConnectionResetError("connection dropped")
        return self.chunks.pop(0) if self.chunks else b""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_download_writes_once_and_never_leaves_partial_files(tmp_path, monkeypatch):
    calls = []

    def fake(url, timeout=None):
        calls.append(url)
        return _Response([b"abc", b"def"])

    monkeypatch.setattr(urllib.request, "urlopen", fake)
    path = str(tmp_path / "sub" / "file.bin")
    assert download.download("http://x/file.bin", path, caller="t") == path
    assert download.download("http://x/file.bin", path, caller="t") == path
    with open(path, "rb") as handle:
        assert calls == ["http://x/file.bin"] and handle.read() == b"abcdef"

    monkeypatch.setattr(urllib.request, "urlopen", lambda url, timeout=None: _Response(
        [b"abc"], fail_after=1))
    broken = tmp_path / "sub" / "broken.bin"
    with pytest.raises(DownloadError, match="http://y/broken.bin"):
        download.download("http://y/broken.bin", str(broken), caller="t")
    assert sorted(p.name for p in (tmp_path / "sub").iterdir()) == ["file.bin"]


def test_corrupt_cache_file_says_which_file(tmp_path, monkeypatch, no_network):
    monkeypatch.setenv("FLEXGRAD_DATASET_ROOT", str(tmp_path))
    write_cache(tmp_path / "mnist")
    (tmp_path / "mnist" / "train-images-idx3-ubyte.gz").write_bytes(b"not idx")
    with pytest.raises(InvalidValueError, match="train-images-idx3-ubyte.gz is not a valid IDX"):
        get_mnist()
    with pytest.raises(InvalidValueError, match="argument 'ndim' expected 1, 2 or 3"):
        get_mnist(ndim=4)


def test_dataset_root(tmp_path, monkeypatch):
    monkeypatch.setenv("FLEXGRAD_DATASET_ROOT", str(tmp_path / "env"))
    assert get_dataset_root() == str(tmp_path / "env")
    set_dataset_root(tmp_path / "set")
    try:
        assert get_dataset_root() == str(tmp_path / "set")
    finally:
        set_dataset_root(None)
    monkeypatch.delenv("FLEXGRAD_DATASET_ROOT")
    assert get_dataset_root().endswith(".flexgrad/dataset")
