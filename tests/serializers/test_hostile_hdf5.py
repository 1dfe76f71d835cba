"""load_hdf5 on hostile files: nothing outside the file is read, nothing is read before its
declared shape fits, damage is caught by checksums, and a refused load changes nothing."""

from __future__ import annotations

import os
import threading
import tracemalloc

import numpy as np
import pytest
from serializer_boxes import Box, Pair, refused_load

import flexgrad
from flexgrad.errors import SerializationError
from flexgrad.serializers import load_hdf5, save_hdf5

h5py = pytest.importorskip("h5py")


def refusal(file, model: flexgrad.Link | None = None) -> str:
    """The message of the refused load of ``file``, after checking the model is unchanged."""
    return refused_load(load_hdf5, file, model)


def saved(tmp_path, name: str = "m.h5", **options):
    """A good file of a Pair whose every value is 2, ready to be made hostile."""
    model = Pair()
    for param in model.params():
        param.array = np.full_like(param.array, 2.0)
    file = tmp_path / name
    save_hdf5(file, model, **options)
    return file


def replace(file, key: str, make) -> None:
    """Delete ``key`` and let ``make(f, key)`` put something else there."""
    with h5py.File(file, "a") as f:
        del f[key]
        make(f, key)


def test_external_storage_of_another_file_is_refused_unread(tmp_path):
    secret = tmp_path / "secret.bin"
    secret.write_bytes(np.arange(16, dtype=np.float32).tobytes())
    file = saved(tmp_path)
    replace(file, "l2/W", lambda f, k: f.create_dataset(
        k, shape=(4, 4), dtype="f4", external=[(str(secret), 0, 64)]))
    message = refusal(file)
    assert "'l2/W'" in message and "outside the file" in message and str(secret) in message


@pytest.mark.parametrize("where", ["/dev/zero", "fifo"])
def test_external_storage_of_a_device_or_fifo_neither_hangs_nor_costs(tmp_path, where):
    if where == "fifo":
        where = str(tmp_path / "fifo")
        os.mkfifo(where)
    file = saved(tmp_path)
    replace(file, "l2/W", lambda f, k: f.create_dataset(
        k, shape=(4, 4), dtype="f4", external=[(where, 0, 64)]))
    outcome: list = []
    worker = threading.Thread(target=lambda: outcome.append(refusal(file)), daemon=True)
    worker.start()
    worker.join(timeout=10)
    if worker.is_alive() and where != "/dev/zero":  # a regression: free the blocked reader
        os.close(os.open(where, os.O_WRONLY | os.O_NONBLOCK))
    assert not worker.is_alive(), "load_hdf5 blocked reading external storage"
    assert outcome and "'l2/W'" in outcome[0] and "outside the file" in outcome[0]


def test_a_virtual_dataset_onto_another_file_is_refused(tmp_path):
    other = saved(tmp_path, "other.h5")
    file = saved(tmp_path)

    def virtual(f, key):
        layout = h5py.VirtualLayout(shape=(4, 4), dtype="f4")
        layout[:] = h5py.VirtualSource(str(other), "l2/W", shape=(4, 4))
        f.create_virtual_dataset(key, layout)

    replace(file, "l2/W", virtual)
    message = refusal(file)
    assert "'l2/W'" in message and "virtual dataset" in message


@pytest.mark.parametrize("link, says", [
    (lambda other: h5py.SoftLink("/l1/W"), "SoftLink to '/l1/W'"),
    (lambda other: h5py.ExternalLink(str(other), "/l2/W"), "ExternalLink to '/l2/W'"),
])
def test_soft_and_external_links_are_refused(tmp_path, link, says):
    other = saved(tmp_path, "other.h5")
    file = saved(tmp_path)
    replace(file, "l2/W", lambda f, k: f.__setitem__(k, link(other)))
    message = refusal(file)
    assert "'l2/W'" in message and says in message


def test_a_hard_link_to_another_name_is_refused(tmp_path):
    file = saved(tmp_path)
    replace(file, "l2/W", lambda f, k: f.__setitem__(k, f["l1/W"]))
    message = refusal(file)
    assert "'l1/W'" in message and "2 hard links" in message


def test_a_group_linked_into_itself_is_refused_not_walked_forever(tmp_path):
    file = saved(tmp_path)
    with h5py.File(file, "a") as f:
        f["l2/loop"] = f["l2"]
    assert "hard links" in refusal(file)


def test_a_plugin_filter_is_refused_before_hdf5_looks_for_it(tmp_path):
    file = saved(tmp_path)
    replace(file, "l2/W", lambda f, k: f.create_dataset(
        k, shape=(4, 4), dtype="f4", chunks=(4, 4), compression=32001, allow_unknown_filter=True))
    message = refusal(file)
    assert "'l2/W'" in message and "filter 32001" in message


def peak_of(call) -> int:
    """The most bytes Python-visible allocations (NumPy's included) held during ``call``."""
    tracemalloc.start()
    try:
        call()
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak


@pytest.mark.parametrize("lazy", [False, True])
def test_a_never_written_chunked_dataset_of_a_gigabyte_costs_nothing(tmp_path, lazy):
    file = saved(tmp_path)
    replace(file, "l2/W", lambda f, k: f.create_dataset(
        k, shape=(4, 2 ** 26), dtype="f4", chunks=(1, 2 ** 16)))
    assert os.path.getsize(file) < 64 << 10
    messages: list = []
    model = Pair(None if lazy else 4)
    assert peak_of(lambda: messages.append(refusal(file, model))) < 16 << 20
    assert "'l2/W'" in messages[0]
    assert ("MiB an uninitialized value may take" if lazy else "(4, 4) in the object") \
        in messages[0]


@pytest.mark.parametrize("key", ["l2/W", "l2/b"])
def test_a_flipped_bit_in_stored_data_is_caught(tmp_path, key):
    file = saved(tmp_path, compression=0)
    with h5py.File(file, "r") as f:
        dataset = f[key]
        offset = dataset.id.get_chunk_info(0).byte_offset
    data = bytearray(file.read_bytes())
    data[offset + 1] ^= 0x10
    file.write_bytes(bytes(data))
    message = refusal(file)
    assert f"'{key}'" in message and "damaged" in message


def test_a_flipped_bit_in_a_scalar_is_caught_by_its_crc(tmp_path):
    model = flexgrad.Chain()
    model.add_persistent("t", 12345)
    file = tmp_path / "s.h5"
    save_hdf5(file, model)
    with h5py.File(file, "r") as f:
        offset = f["t"].id.get_offset()
    data = bytearray(file.read_bytes())
    data[offset] ^= 0x01
    file.write_bytes(bytes(data))
    with pytest.raises(SerializationError, match=r"'t'.*checksum"):
        load_hdf5(file, model)
    assert model.t == 12345


def test_files_without_checksums_still_load(tmp_path):
    file = tmp_path / "chainer.h5"
    with h5py.File(file, "w") as f:  # as Chainer writes them
        for path, param in Pair().namedparams():
            f.create_dataset(path.lstrip("/"), data=np.full(param.shape, 3.0, np.float32),
                             compression="gzip")
    model = Pair()
    load_hdf5(file, model)
    assert all((np.asarray(p.array) == 3.0).all() for p in model.params())


def test_a_lazy_link_takes_its_dtype_and_refuses_a_shape_it_cannot_have(tmp_path):
    file = saved(tmp_path)
    replace(file, "l2/W", lambda f, k: f.create_dataset(k, data=np.ones((4, 7))))
    model = Pair(None)
    load_hdf5(file, model)
    assert model.l2.W.dtype == np.float32 and model.l2.W.shape == (4, 7)
    replace(file, "l2/W", lambda f, k: f.create_dataset(k, data=np.ones((5, 7), np.float32)))
    message = refusal(file, Pair(None))
    assert "'l2/W'" in message and "(5, 7)" in message and "(4, any)" in message


@pytest.mark.parametrize("data", [np.ones((4, 7), np.complex64), np.ones((4, 7), np.int32),
                                  np.ones((4, 7), bool), np.array([b"abcd"] * 4)])
def test_a_lazy_link_refuses_what_is_not_real_floats(tmp_path, data):
    file = saved(tmp_path)
    replace(file, "l2/W", lambda f, k: f.create_dataset(k, data=data))
    assert "'l2/W'" in refusal(file, Pair(None))


def test_a_declared_shape_beyond_memory_is_named(tmp_path):
    huge = np.broadcast_to(np.zeros((), np.float32), (2 ** 45,))  # costs nothing
    file = tmp_path / "huge.h5"
    with h5py.File(file, "w") as f:
        f.create_dataset("W", shape=huge.shape, dtype="f4", chunks=(2 ** 16,))
    box = Box({"W": huge})
    with pytest.raises(SerializationError, match=r"huge\.h5: 'W': .*memory"):
        load_hdf5(file, box)
    assert box.arrays["W"] is huge
