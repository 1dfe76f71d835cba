"""load_npz on hostile files: members are refused by their declared shape before they are
inflated, damage of every kind is named by file and key, and a refused load changes nothing."""

from __future__ import annotations

import io
import struct
import tracemalloc
import warnings
import zipfile
import zlib

import numpy as np
import pytest
from numpy.lib import format as npy
from serializer_boxes import Box, Pair, refused_load

import flexgrad
import flexgrad.links as L
from flexgrad.errors import SerializationError
from flexgrad.serializers import load_npz, save_npz


def good_arrays() -> dict[str, np.ndarray]:
    return {"l1/W": np.full((4, 4), 2, np.float32), "l1/b": np.full(4, 2, np.float32),
            "l2/W": np.full((4, 4), 2, np.float32), "l2/b": np.full(4, 2, np.float32)}


def npy_bytes(array: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, array)
    return buffer.getvalue()


def npy_header(shape: tuple[int, ...], dtype: str = "<f4") -> bytes:
    """A ``.npy`` header alone, declaring ``shape`` and ``dtype``."""
    buffer = io.BytesIO()
    npy.write_array_header_1_0(buffer, {"descr": dtype, "fortran_order": False,
                                        "shape": shape})
    return buffer.getvalue()


def archive(members: dict[str, bytes]) -> bytes:
    """A zip of ``members`` as zipfile writes it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def raw_zip(name: str, data: bytes, size: int, crc: int, method: int = 8, flags: int = 0,
            before: dict[str, bytes] | None = None) -> bytes:
    """The archive of ``before`` with a last member ``name`` holding ``data`` exactly as
    given (already deflated, or damaged), which zipfile cannot write itself."""
    head = archive(before or {})
    _, _, _, _, count, _, start, _ = struct.unpack("<4s4H2LH", head[-22:])
    body, directory = head[:start], head[start:-22]
    encoded = name.encode()
    fields = (20, flags, method, 0, 0x21, crc, len(data), size, len(encoded))
    local = struct.pack("<4s5H3L2H", b"PK\x03\x04", *fields, 0)
    central = struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, *fields, 0, 0, 0, 0, 0,
                          len(body))
    table = directory + central + encoded
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count + 1, count + 1, len(table),
                      len(body) + len(local) + len(encoded) + len(data), 0)
    return body + local + encoded + data + table + end


def gigabyte_bomb(shape: tuple[int, ...]) -> bytes:
    """About 1 MB that inflates to a header declaring ``shape`` float32 (1 GiB) and its
    gigabyte of zeros: one deflated 16 MiB block of zeros, repeated (each ends with a full
    flush, so none refers back). Its CRC is left 0: computing it costs a second, and a
    loader that inflated the member would pay the gigabyte before finding out."""
    def deflated(data: bytes, end=zlib.Z_FULL_FLUSH) -> bytes:
        compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
        return compressor.compress(data) + compressor.flush(end)

    header = npy_header(shape)
    zeros = np.prod(shape) * 4
    data = deflated(header) + deflated(bytes(16 << 20)) * (zeros // (16 << 20)) \
        + deflated(b"", zlib.Z_FINISH)
    others = {f"{k}.npy": npy_bytes(v) for k, v in good_arrays().items() if k != "l2/W"}
    return raw_zip("l2/W.npy", data, len(header) + zeros, 0, before=others)


def refusal(data: bytes, tmp_path, model: flexgrad.Link | None = None) -> str:
    """The message of the refused load of ``data``, after checking the model is unchanged."""
    file = tmp_path / "hostile.npz"
    file.write_bytes(data)
    return refused_load(load_npz, file, model)


def with_member(key: str, data: bytes) -> bytes:
    """The good archive with member ``key`` holding ``data`` instead."""
    members = {f"{k}.npy": npy_bytes(v) for k, v in good_arrays().items()}
    members[f"{key}.npy"] = data
    return archive(members)


def test_the_raw_zip_builder_makes_loadable_archives(tmp_path):
    data = npy_bytes(np.full((4, 4), 5, np.float32))
    good = {f"{k}.npy": npy_bytes(v) for k, v in good_arrays().items() if k != "l2/W"}
    (tmp_path / "m.npz").write_bytes(raw_zip("l2/W.npy", data, len(data), zlib.crc32(data),
                                             method=0, before=good))
    model = Pair()
    load_npz(tmp_path / "m.npz", model)
    assert (np.asarray(model.l2.W.array) == 5).all() and (np.asarray(model.l1.b.array) == 2).all()


@pytest.mark.parametrize("lazy", [False, True])
def test_a_megabyte_that_inflates_to_a_gigabyte_is_refused_before_inflating(tmp_path, lazy):
    bomb = gigabyte_bomb((4, 2 ** 26))
    assert len(bomb) < 2 << 20
    model = Pair(None if lazy else 4)
    tracemalloc.start()
    try:
        message = refusal(bomb, tmp_path, model)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 << 20
    assert "'l2/W'" in message
    assert ("MiB an uninitialized value may take" if lazy else "(4, 4) in the object") in message


@pytest.mark.parametrize("names", [("l2/W.npy", "l2/W.npy"), ("l2/W", "l2/W.npy")])
def test_two_members_of_one_key_are_an_error(tmp_path, names):
    members = {f"{k}.npy": npy_bytes(v) for k, v in good_arrays().items() if k != "l2/W"}
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # zipfile warns of the duplicate
        with zipfile.ZipFile(buffer, "w") as zf:
            for name, data in members.items():
                zf.writestr(name, data)
            for name in names:
                zf.writestr(name, npy_bytes(np.zeros((4, 4), np.float32)))
    message = refusal(buffer.getvalue(), tmp_path)
    assert "'l2/W'" in message and "two members" in message


def damaged(kind: str) -> bytes:
    """An archive whose member ``l2/W.npy`` is damaged as ``kind`` says."""
    good = {f"{k}.npy": npy_bytes(v) for k, v in good_arrays().items() if k != "l2/W"}
    data = npy_bytes(np.full((4, 4), 5, np.float32))
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    header_only = compressor.compress(data[:128]) + compressor.flush(zlib.Z_FULL_FLUSH)
    if kind == "zlib":
        return raw_zip("l2/W.npy", header_only + b"\xff" * 64, len(data), 0, before=good)
    if kind == "method":
        return raw_zip("l2/W.npy", data, len(data), zlib.crc32(data), method=99, before=good)
    if kind == "encrypted":
        return raw_zip("l2/W.npy", data, len(data), zlib.crc32(data), method=0, flags=1,
                       before=good)
    return raw_zip("l2/W.npy", data, len(data), zlib.crc32(data) ^ 1, method=0, before=good)


@pytest.mark.parametrize("kind, says", [
    ("zlib", "error"), ("method", "NotImplementedError"), ("encrypted", "RuntimeError"),
    ("crc", "BadZipFile"),
])
def test_damaged_members_are_named(tmp_path, kind, says):
    message = refusal(damaged(kind), tmp_path)
    assert "l2/W" in message and says in message


@pytest.mark.parametrize("key", ["l2/W", "l2/W.npy"])
def test_a_member_of_plain_bytes_is_named(tmp_path, key):
    members = {f"{k}.npy": npy_bytes(v) for k, v in good_arrays().items() if k != "l2/W"}
    members[key] = b"plain bytes, not an array"
    message = refusal(archive(members), tmp_path)
    assert f"'{key}'" in message and "not a .npy array" in message


def test_bytes_beyond_the_declared_array_are_refused(tmp_path):
    data = npy_bytes(np.full((4, 4), 5, np.float32)) + b"\0" * 8
    message = refusal(with_member("l2/W", data), tmp_path)
    assert "'l2/W" in message and "beyond" in message


def test_a_declared_shape_beyond_memory_is_named(tmp_path):
    huge = np.broadcast_to(np.zeros((), np.float32), (2 ** 45,))  # costs nothing
    file = tmp_path / "huge.npz"
    file.write_bytes(archive({"W.npy": npy_header((2 ** 45,))}))
    box = Box({"W": huge})
    with pytest.raises(SerializationError) as info:
        load_npz(file, box)
    assert box.arrays["W"] is huge
    assert str(file) in str(info.value) and "'W'" in str(info.value) \
        and "memory" in str(info.value)


@pytest.mark.parametrize("bad", [
    np.ones((4, 7), np.complex64), np.ones((4, 7), np.int32), np.ones((4, 7), bool),
    np.array([b"abcd"] * 4), np.zeros(4, [("a", "f4"), ("b", "f4")]),
    np.ones((5, 7), np.float32), np.ones(7, np.float32), np.ones((4, 7, 1), np.float32),
], ids=["complex", "int", "bool", "bytes", "structured", "out_size", "rank1", "rank3"])
def test_a_lazy_link_refuses_what_it_cannot_hold_and_nothing_changes(tmp_path, bad):
    message = refusal(with_member("l2/W", npy_bytes(bad)), tmp_path, Pair(None))
    assert "'l2/W'" in message


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
@pytest.mark.parametrize("config_dtype", ["float32", "float64"])
def test_a_lazy_link_takes_the_dtype_it_would_initialize_with(tmp_path, dtype, config_dtype):
    file = tmp_path / "m.npz"
    file.write_bytes(with_member("l2/W", npy_bytes(np.full((4, 7), 0.5, dtype))))
    with flexgrad.using_config("dtype", np.dtype(config_dtype)):  # read when W is made
        model = Pair(None)
        load_npz(file, model)
    assert model.l2.W.dtype == model.l2.b.dtype == np.dtype(config_dtype)
    assert model.l2.W.shape == (4, 7) and (np.asarray(model.l2.W.array) == 0.5).all()


def test_a_lazy_convolution_checks_its_known_sizes(tmp_path):
    conv = L.Convolution2D(None, 3, ksize=2)
    file = tmp_path / "c.npz"
    save_npz(file, L.Convolution2D(5, 3, ksize=2))
    load_npz(file, conv)
    assert conv.W.shape == (3, 5, 2, 2)
    save_npz(file, L.Convolution2D(5, 3, ksize=3))
    with pytest.raises(SerializationError, match=r"'W'.*\(3, any, 2, 2\)"):
        load_npz(file, L.Convolution2D(None, 3, ksize=2))
