"""get_cifar10 / get_cifar100 from tiny binary archives in a temporary cache; no network."""

from __future__ import annotations

import io
import tarfile
import urllib.error
import urllib.request

import numpy as np
import pytest

from flexgrad.dataset import DownloadError
from flexgrad.datasets import TupleDataset, _cifar, get_cifar10, get_cifar100
from flexgrad.errors import InvalidValueError


@pytest.fixture
def no_network(monkeypatch):
    def refuse(url, *args, **kwargs):
        raise urllib.error.URLError("no network in tests")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)


@pytest.fixture
def root(tmp_path, monkeypatch, no_network):
    monkeypatch.setenv("FLEXGRAD_DATASET_ROOT", str(tmp_path))
    (tmp_path / "cifar").mkdir()
    return tmp_path / "cifar"


def records(rng, n, n_labels):
    """Random records: labels (n, n_labels) and pixels (n, 3072), and their bytes."""
    labels = rng.integers(0, 10, (n, n_labels)).astype(np.uint8)  # valid for both datasets
    pixels = rng.integers(0, 256, (n, 3072)).astype(np.uint8)
    return labels, pixels, np.concatenate([labels, pixels], axis=1).tobytes()


def write_tar(path, members):
    with tarfile.open(path, "w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))


def write_cifar10(folder, per_batch=2, n_test=3):
    rng = np.random.default_rng(0)
    members, train = {}, []
    for i in range(1, 6):
        labels, pixels, data = records(rng, per_batch, 1)
        members[f"cifar-10-batches-bin/data_batch_{i}.bin"] = data
        train.append((labels[:, 0], pixels))
    labels, pixels, data = records(rng, n_test, 1)
    members["cifar-10-batches-bin/test_batch.bin"] = data
    members["cifar-10-batches-bin/batches.meta.txt"] = b"airplane\n"
    write_tar(folder / "cifar-10-binary.tar.gz", members)
    train_t = np.concatenate([t for t, _ in train])
    train_x = np.concatenate([x for _, x in train])
    return train_x, train_t, pixels, labels[:, 0]


def test_cifar10_reads_the_binary_archive_with_chainers_shapes(root):
    train_x, train_t, test_x, test_t = write_cifar10(root)
    train, test = get_cifar10()
    assert isinstance(train, TupleDataset) and len(train) == 10 and len(test) == 3
    x, t = train[7]
    assert x.shape == (3, 32, 32) and x.dtype == np.float32 and t.dtype == np.int32
    np.testing.assert_allclose(x, train_x[7].reshape(3, 32, 32) / 255.0, rtol=1e-6)
    assert int(t) == train_t[7] and int(test[2][1]) == test_t[2]
    # red plane first, each plane row-major: pixel (c=1, row=0, col=5) is byte 1024 + 5
    assert x[1, 0, 5] == pytest.approx(train_x[7, 1029] / 255.0, rel=1e-6)
    images, test_images = get_cifar10(withlabel=False, ndim=1, scale=2.0, dtype=np.float64)
    assert images.shape == (10, 3072) and images.dtype == np.float64
    np.testing.assert_allclose(test_images, test_x * (2.0 / 255.0))
    assert (root / "cifar-10.npz").exists()


def test_cifar100_returns_the_fine_labels(root):
    rng = np.random.default_rng(1)
    train_labels, train_x, train_data = records(rng, 4, 2)
    test_labels, _, test_data = records(rng, 2, 2)
    write_tar(root / "cifar-100-binary.tar.gz", {"cifar-100-binary/train.bin": train_data,
                                                 "cifar-100-binary/test.bin": test_data})
    train, test = get_cifar100()
    assert len(train) == 4 and len(test) == 2
    assert [int(t) for _, t in train] == train_labels[:, 1].tolist()
    assert [int(t) for _, t in test] == test_labels[:, 1].tolist()
    np.testing.assert_allclose(train[3][0].reshape(-1), train_x[3] / 255.0, rtol=1e-6)


def test_the_parsed_arrays_are_cached_as_npz(root):
    write_cifar10(root)
    first, _ = get_cifar10()
    (root / "cifar-10-binary.tar.gz").unlink()  # the .npz is enough from now on
    again, _ = get_cifar10()
    np.testing.assert_array_equal(first._datasets[0], again._datasets[0])
    with np.load(root / "cifar-10.npz", allow_pickle=False) as npz:
        assert sorted(npz.files) == ["test_x", "test_y", "train_x", "train_y"]
        assert npz["train_x"].shape == (10, 3072) and npz["train_x"].dtype == np.uint8
    assert [p.name for p in root.iterdir()] == ["cifar-10.npz"]  # no temporary file left


def test_missing_archive_without_network_names_url_and_folder(root):
    with pytest.raises(DownloadError) as info:
        get_cifar100()
    message = str(info.value)
    assert "flexgrad.datasets.get_cifar100" in message
    assert "https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz" in message
    assert str(root) in message
    assert list(root.iterdir()) == []


def test_bad_archive_cache_and_arguments_say_what_is_wrong(root):
    write_tar(root / "cifar-10-binary.tar.gz",
              {"cifar-10-batches-bin/data_batch_1.bin": b"\x00" * 3074})
    with pytest.raises(InvalidValueError, match=r"data_batch_1.bin: 3074 bytes are not whole "
                       r"records of 3073 bytes\); delete it"):
        get_cifar10()
    write_tar(root / "cifar-10-binary.tar.gz", {})
    with pytest.raises(InvalidValueError, match="data_batch_1.bin: no such member"):
        get_cifar10()
    (root / "cifar-10-binary.tar.gz").write_bytes(b"not a tar")
    with pytest.raises(InvalidValueError, match="not a readable tar archive"):
        get_cifar10()
    np.savez(root / "cifar-10.npz", train_x=np.zeros((2, 5), np.uint8),
             train_y=np.zeros(2, np.uint8), test_x=np.zeros((1, 3072), np.uint8),
             test_y=np.zeros(1, np.uint8))
    with pytest.raises(InvalidValueError,
                       match=r"'train_x' is uint8 of shape \(2, 5\), expected uint8 images"):
        get_cifar10()
    np.savez(root / "cifar-10.npz", train_x=np.zeros((2, 3072), np.uint8))
    with pytest.raises(InvalidValueError, match=r"lacks the array 'train_y'"):
        get_cifar10()
    (root / "cifar-10.npz").write_bytes(b"not a zip")
    with pytest.raises(InvalidValueError, match="cifar-10.npz: not a readable .npz"):
        get_cifar10()
    with pytest.raises(InvalidValueError,
                       match=r"get_cifar100: argument 'ndim' expected 1 or 3, got 2"):
        get_cifar100(ndim=2)


def test_parse_records_rejects_a_partial_record():
    with pytest.raises(_cifar.CifarFormatError, match="not whole records"):
        _cifar.parse_records(b"\x01" * 10, 1, 0)
