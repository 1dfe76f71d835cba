"""Issue 15: each hostile or damaged dataset file gets a flexgrad error naming the file and
what differs, before any oversized read; no test touches the network."""

from __future__ import annotations

import gzip
import io
import os
import struct
import tarfile
import time
import urllib.error
import urllib.request
import zipfile

import numpy as np
import pytest
from numpy.lib import format as npy

from flexgrad.dataset import download
from flexgrad.datasets import _cifar, get_cifar10, get_mnist, get_ptb_words
from flexgrad.errors import InvalidValueError

MNIST_FILES = ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
               "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")


@pytest.fixture
def root(tmp_path, monkeypatch):
    def refuse(url, *args, **kwargs):
        raise urllib.error.URLError("no network in tests")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    monkeypatch.setenv("FLEXGRAD_DATASET_ROOT", str(tmp_path))
    return tmp_path


def idx(code, shape, payload=b""):
    return bytes([0, 0, code, len(shape)]) + struct.pack(f">{len(shape)}I", *shape) + payload


def write_mnist(folder, images=None, labels=None):
    """Two valid splits of 2 digits, with the training images or labels replaced."""
    folder.mkdir(parents=True, exist_ok=True)
    good_x = idx(8, (2, 28, 28), bytes(2 * 784))
    good_t = idx(8, (2,), bytes([3, 7]))
    for name, data in zip(MNIST_FILES, (images or good_x, labels or good_t, good_x, good_t),
                          strict=True):
        (folder / name).write_bytes(gzip.compress(data))


MNIST_CASES = [
    ({"images": idx(8, (2**31, 28, 28))}, "more than the 1073741824 allowed"),
    ({"images": idx(8, (2**31, 2**31, 4))}, "more than the 1073741824 allowed"),  # wraps
    ({"images": idx(8, (2, 28, 28), bytes(20 << 20))}, "the file has more than"),  # a bomb
    ({"images": idx(8, (2, 784), bytes(2 * 784))}, "expected uint8 of rank 3"),
    ({"images": idx(0x0D, (2, 28, 28), np.full(2 * 784, np.nan, ">f4").tobytes())},
     "float32 values of shape .*expected uint8"),
    ({"labels": idx(8, (2,), bytes([3, 200]))}, r"label 200, expected labels in \[0, 10\)"),
    ({"labels": idx(9, (2,), bytes([3, 255]))}, "int8 values"),
    ({"labels": idx(8, (2, 1), bytes([3, 7]))}, "expected uint8 of rank 1"),
]


@pytest.mark.parametrize(("files", "message"), MNIST_CASES)
def test_a_hostile_mnist_file_is_named_and_refused(root, files, message):
    write_mnist(root / "mnist", **files)
    with pytest.raises(InvalidValueError, match=message) as info:
        get_mnist()
    assert "train-" in str(info.value)


def test_a_directory_in_place_of_an_mnist_file_is_named(root):
    write_mnist(root / "mnist")
    path = root / "mnist" / MNIST_FILES[0]
    path.unlink()
    path.mkdir()
    with pytest.raises(InvalidValueError, match=f"{MNIST_FILES[0]} is not a valid IDX"):
        get_mnist()


def cifar_cache(path, **replace):
    arrays = {"train_x": np.zeros((2, 3072), np.uint8), "train_y": np.array([1, 2], np.uint8),
              "test_x": np.zeros((1, 3072), np.uint8), "test_y": np.array([0], np.uint8)}
    np.savez(path, **{**arrays, **replace})


CIFAR_CASES = [
    ({"train_y": np.array([1, 200], np.uint8)}, r"'train_y' holds the label 200, expected "
                                                r"labels in \[0, 10\)"),
    ({"train_y": np.array([1, -1], np.int64)}, "'train_y' holds the label -1"),
    ({"train_y": np.array([1, np.nan])}, "'train_y' is float64 .*expected an integer"),
    ({"train_x": np.full((2, 3072), np.nan)}, "'train_x' is float64 .*unsigned integer"),
    ({"train_x": np.zeros((2, 3072), np.complex64)}, "'train_x' is complex64"),
    ({"train_x": np.full((2, 3072), 300, np.uint16)}, "'train_x' is uint16 .*expected uint8"),
]


@pytest.mark.parametrize(("replace", "message"), CIFAR_CASES)
def test_a_hostile_cifar_cache_is_named_and_refused(root, replace, message):
    (root / "cifar").mkdir()
    cifar_cache(root / "cifar" / "cifar-10.npz", **replace)
    with pytest.raises(InvalidValueError, match=f"cifar-10.npz: {message}"):
        get_cifar10()


def test_a_cifar_cache_declaring_a_huge_array_is_refused_unread(root):
    (root / "cifar").mkdir()
    with zipfile.ZipFile(root / "cifar" / "cifar-10.npz", "w") as archive:
        header = io.BytesIO()
        npy.write_array_header_1_0(header, {"descr": "|u1", "fortran_order": False,
                                            "shape": (10**9, 3072)})
        archive.writestr("train_x.npy", header.getvalue())
    with pytest.raises(InvalidValueError, match="'train_x' is uint8 array of shape "
                                                r"\(1000000000, 3072\).*at most"):
        get_cifar10()


def test_a_directory_in_place_of_the_cifar_cache_is_named(root):
    (root / "cifar" / "cifar-10.npz").mkdir(parents=True)
    with pytest.raises(InvalidValueError, match="cifar-10.npz: not a readable .npz"):
        get_cifar10()


def test_a_cifar_member_declaring_too_many_bytes_is_refused_unread(root, monkeypatch):
    monkeypatch.setattr(_cifar, "MAX_MEMBER_BYTES", 3073)
    (root / "cifar").mkdir()
    with tarfile.open(root / "cifar" / "cifar-10-binary.tar.gz", "w:gz") as archive:
        info = tarfile.TarInfo("cifar-10-batches-bin/data_batch_1.bin")
        info.size = 2 * 3073
        archive.addfile(info, io.BytesIO(bytes(2 * 3073)))
    with pytest.raises(InvalidValueError, match="data_batch_1.bin: declares 6146 bytes"):
        get_cifar10()


def write_ptb(folder, ids=None, vocab=b"a\nb\n<eos>\n"):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "vocab.txt").write_bytes(vocab)
    for split in ("train", "valid", "test"):
        np.savez(folder / f"{split}.npz", x=np.array([0, 1, 2], np.int32))
    if ids is not None:
        np.savez(folder / "train.npz", x=ids)


PTB_CASES = [
    ({"ids": np.array([0.0, 1.5])}, "'x' is float64 .*expected an integer"),
    ({"ids": np.array([0, -1], np.int32)}, r"ids from -1 to 0, expected .*\[0, 3\)"),
    ({"ids": np.array([0, 3], np.int32)}, r"ids from 0 to 3, expected .*\[0, 3\)"),
    ({"ids": np.zeros((2, 2), np.int32)}, r"shape \(2, 2\)"),
    ({"vocab": b"a\n\xff\xfe\n"}, "vocab.txt: not readable as UTF-8 text"),
]


@pytest.mark.parametrize(("files", "message"), PTB_CASES)
def test_a_hostile_ptb_cache_is_named_and_refused(root, files, message):
    write_ptb(root / "ptb", **files)
    with pytest.raises(InvalidValueError, match=message):
        get_ptb_words()


def test_a_directory_in_place_of_a_ptb_cache_is_named(root):
    write_ptb(root / "ptb")
    os.unlink(root / "ptb" / "valid.npz")
    (root / "ptb" / "valid.npz").mkdir()
    with pytest.raises(InvalidValueError, match="valid.npz: not a readable .npz"):
        get_ptb_words()


def test_the_next_download_removes_stale_part_files(tmp_path, monkeypatch):
    target = tmp_path / "data.bin"
    stale = tmp_path / ".data.bin.abcd1234.part"
    fresh = tmp_path / ".data.bin.efgh5678.part"  # another download may be writing it
    other = tmp_path / ".other.bin.abcd1234.part"
    for path in (stale, fresh, other):
        path.write_bytes(b"half")
    old = time.time() - 3600
    for path in (stale, other):
        os.utime(path, (old, old))
    monkeypatch.setattr(urllib.request, "urlopen",
                        lambda url, timeout=None: io.BytesIO(b"payload"))
    download.download("http://example.invalid/data.bin", str(target), caller="test")
    assert target.read_bytes() == b"payload"
    assert not stale.exists() and fresh.exists() and other.exists()
