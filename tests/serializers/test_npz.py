"""save_npz / load_npz: round trips across backends, Chainer's keys, and every refusal."""

from __future__ import annotations

import io
import os
import zipfile

import numpy as np
import pytest
from serializer_boxes import Box, flat, mlp

import flexgrad
from flexgrad.errors import SerializationError
from flexgrad.serializers import DictionarySerializer, _npz, load_npz, save_npz

BACKENDS = ["@numpy", "@dask", "@array_api_strict", "@torch", "@jax"]
KEYS = ["predictor/l1/W", "predictor/l1/b", "predictor/l2/W", "predictor/l2/b", "t"]


def assert_same(a: Box, b: Box) -> None:
    fa, fb = flat(a), flat(b)
    assert sorted(fa) == sorted(fb)
    for key in fa:
        np.testing.assert_array_equal(fa[key], fb[key], err_msg=key)


@pytest.mark.parametrize("compression", [True, False])
@pytest.mark.parametrize("source", BACKENDS)
@pytest.mark.parametrize("target", BACKENDS)
def test_round_trip_across_backends(tmp_path, source, target, compression):
    file = tmp_path / "model.npz"
    save_npz(str(file), mlp(source, seed=1), compression=compression)
    model = mlp(target, seed=2)
    load_npz(str(file), model)
    assert_same(model, mlp("@numpy", seed=1))
    backend = flexgrad.get_device(target).backend
    W = model.children["predictor"].children["l1"].arrays["W"]
    assert flexgrad.backends.backend_of(W) is backend
    assert W.dtype == backend.dtype("float32")
    assert model.state["t"] == 1 and type(model.state["t"]) is int


def test_keys_are_chainers_and_the_file_is_plain_npz(tmp_path):
    file = tmp_path / "model.npz"
    save_npz(file, mlp())
    assert not os.path.exists(str(file) + ".npz")
    with np.load(file, allow_pickle=False) as npz:
        assert sorted(npz.files) == KEYS
        np.testing.assert_array_equal(npz["predictor/l2/b"],
                                      flat(mlp())["predictor/l2/b"])


def test_a_file_written_by_plain_numpy_in_chainers_layout_loads(tmp_path):
    # Chainer's save_npz writes numpy.savez(file, **{'predictor/l1/W': ..., ...}).
    reference = flat(mlp(seed=5))
    file = tmp_path / "chainer.npz"
    np.savez_compressed(file, **{k: np.asarray(v) for k, v in reference.items()})
    model = mlp("@array_api_strict", seed=0)
    load_npz(file, model)
    assert_same(model, mlp(seed=5))


def test_file_objects_and_path_prefix():
    buffer = io.BytesIO()
    save_npz(buffer, Box(updater=Box(**{"model:main": mlp(seed=3)})))
    model = mlp(seed=0)
    load_npz(io.BytesIO(buffer.getvalue()), model, path="updater/model:main/")
    assert_same(model, mlp(seed=3))


def test_float64_file_loads_into_float32_model_as_float32(tmp_path):
    file = tmp_path / "m.npz"
    save_npz(file, mlp(dtype="float64", seed=4))
    model = mlp("@array_api_strict")
    load_npz(file, model)
    W = model.children["predictor"].children["l1"].arrays["W"]
    assert W.dtype == flexgrad.get_device("@array_api_strict").backend.dtype("float32")
    np.testing.assert_allclose(flat(model)["predictor/l1/W"],
                               flat(mlp(dtype="float64", seed=4))["predictor/l1/W"], rtol=1e-6)


def test_uninitialized_values_are_skipped_on_save_and_filled_on_load(tmp_path):
    file = tmp_path / "m.npz"
    save_npz(file, Box({"W": None, "b": np.ones(2, np.float32)}))
    with np.load(file) as npz:
        assert npz.files == ["b"]
    save_npz(file, Box({"W": np.full((2, 2), 7.0, np.float32)}))
    box = Box({"W": None})
    load_npz(file, box)
    np.testing.assert_array_equal(box.arrays["W"], np.full((2, 2), 7.0, np.float32))


def error_of(file, model, **kwargs) -> str:
    before = flat(model)
    with pytest.raises(SerializationError) as info:
        load_npz(file, model, **kwargs)
    after = flat(model)
    assert sorted(before) == sorted(after)
    for key in before:  # a refused file leaves the model exactly as it was
        np.testing.assert_array_equal(before[key], after[key], err_msg=key)
    return str(info.value)


def save_flat(file, arrays) -> None:
    np.savez(file, **arrays)


@pytest.mark.parametrize("device", BACKENDS)
def test_missing_key_is_named_and_nothing_is_applied(tmp_path, device):
    file = tmp_path / "m.npz"
    arrays = {k: np.asarray(v) for k, v in flat(mlp(seed=9)).items()}
    del arrays["predictor/l2/b"]  # the last array the model asks for
    save_flat(file, arrays)
    message = error_of(file, mlp(device))
    assert str(file) in message and "'predictor/l2/b'" in message and "not in the file" in message
    model = mlp(device)
    load_npz(file, model, strict=False)
    assert flat(model)["predictor/l1/W"].tolist() == arrays["predictor/l1/W"].tolist()


def test_extra_keys_are_named_under_strict(tmp_path):
    file = tmp_path / "m.npz"
    arrays = {k: np.asarray(v) for k, v in flat(mlp(seed=9)).items()}
    arrays["predictor/l3/W"] = np.zeros(3, np.float32)
    arrays["decoder/b"] = np.zeros(3, np.float32)
    save_flat(file, arrays)
    message = error_of(file, mlp())
    assert "'decoder/b'" in message and "'predictor/l3/W'" in message and str(file) in message
    for kwargs in ({"strict": False}, {"ignore_names": ["predictor/l3/W", "decoder/b"]},
                   {"ignore_names": lambda key: key.endswith(("l3/W", "decoder/b"))}):
        model = mlp()
        load_npz(file, model, **kwargs)
        assert_same(model, mlp(seed=9))


def test_ignored_names_keep_their_values(tmp_path):
    file = tmp_path / "m.npz"
    save_npz(file, mlp(seed=9))
    model = mlp(seed=0)
    load_npz(file, model, ignore_names="predictor/l1/W")
    assert flat(model)["predictor/l1/W"].tolist() == flat(mlp(seed=0))["predictor/l1/W"].tolist()
    assert flat(model)["predictor/l2/W"].tolist() == flat(mlp(seed=9))["predictor/l2/W"].tolist()


@pytest.mark.parametrize("key, bad, says", [
    ("predictor/l2/W", np.zeros((4, 2), np.float32), "shape (4, 2) in the file, (2, 4)"),
    ("predictor/l2/b", np.zeros(2, np.int64), "does not fit"),
    ("t", np.zeros(2, np.int64), "int"),
    ("t", np.asarray(1.5), "int"),
])
@pytest.mark.parametrize("device", BACKENDS)
def test_shape_or_dtype_that_does_not_fit_is_named(tmp_path, device, key, bad, says):
    file = tmp_path / "m.npz"
    arrays = {k: np.asarray(v) for k, v in flat(mlp(seed=9)).items()}
    arrays[key] = bad
    save_flat(file, arrays)
    message = error_of(file, mlp(device))
    assert str(file) in message and f"'{key}'" in message and says in message


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty"])
def test_damaged_files_are_refused_by_name(tmp_path, damage):
    file = tmp_path / "m.npz"
    save_npz(file, mlp(seed=9), compression=False)
    data = file.read_bytes()
    file.write_bytes({"truncated": data[: len(data) // 2], "garbage": b"not a zip " * 50,
                      "empty": b""}[damage])
    message = error_of(file, mlp())
    assert str(file) in message and "not a readable .npz file" in message


def test_corrupt_member_is_refused(tmp_path):
    file = tmp_path / "m.npz"
    with zipfile.ZipFile(file, "w") as archive:
        archive.writestr("t.npy", b"\x93NUMPY garbage")
    assert "not a readable .npz file" in error_of(file, mlp())


def test_pickled_entries_are_never_unpickled(tmp_path):
    file = tmp_path / "m.npz"
    arrays = {k: np.asarray(v) for k, v in flat(mlp(seed=9)).items()}
    arrays["t"] = np.asarray([os.system], dtype=object)
    np.savez(file, **arrays)
    assert "allow_pickle" in error_of(file, mlp())


def test_a_missing_file_is_named(tmp_path):
    file = tmp_path / "absent.npz"
    assert str(file) in error_of(file, mlp())


class Exploding(Box):
    def serialize(self, serializer):
        super().serialize(serializer)
        raise RuntimeError("boom")


def test_a_save_that_fails_while_serializing_leaves_the_old_file(tmp_path):
    file = tmp_path / "m.npz"
    save_npz(file, mlp(seed=9))
    good = file.read_bytes()
    with pytest.raises(RuntimeError, match="boom"):
        save_npz(file, Box(model=mlp(seed=1), z=Exploding({"x": np.ones(3)})))
    assert file.read_bytes() == good
    assert os.listdir(tmp_path) == ["m.npz"]


def test_a_save_that_fails_while_writing_leaves_the_old_file(tmp_path, monkeypatch):
    file = tmp_path / "m.npz"
    save_npz(file, mlp(seed=9))
    good = file.read_bytes()

    def half_write(handle, arrays, compression):
        handle.write(good[:100])
        raise OSError("disk full")

    monkeypatch.setattr(_npz, "write", half_write)
    with pytest.raises(OSError, match="disk full"):
        save_npz(file, mlp(seed=1))
    assert file.read_bytes() == good
    assert os.listdir(tmp_path) == ["m.npz"]
    model = mlp(seed=0)
    load_npz(file, model)
    assert_same(model, mlp(seed=9))


def test_saved_file_has_ordinary_permissions(tmp_path):
    file = tmp_path / "m.npz"
    save_npz(file, mlp())
    mask = os.umask(0)
    os.umask(mask)
    assert os.stat(file).st_mode & 0o777 == 0o666 & ~mask


def test_unsavable_values_are_named():
    with pytest.raises(SerializationError, match="'l1/name'"):
        save_npz(io.BytesIO(), Box(l1=Box(state={"name": {"lr": 0.1}})))


def test_strings_round_trip_as_utf8_bytes(tmp_path):
    save_npz(tmp_path / "s.npz", Box(state={"log": '[{"épochs": 1}]', "empty": ""}))
    loaded = Box(state={"log": "", "empty": "x"})
    load_npz(tmp_path / "s.npz", loaded)
    assert loaded.state == {"log": '[{"épochs": 1}]', "empty": ""}
    save_npz(tmp_path / "n.npz", Box(state={"n": 3}))
    with pytest.raises(SerializationError, match="'n'.*the object a str"):
        load_npz(tmp_path / "n.npz", Box(state={"n": "x"}))


def test_dictionary_serializer_records_numpy_copies_by_path():
    target = {}
    serializer = DictionarySerializer(target)
    x = flexgrad.get_device("@dask").send(np.arange(3.0))
    assert serializer["a"]["b"]("/c", x) is x
    assert list(target) == ["a/b/c"]
    assert isinstance(target["a/b/c"], np.ndarray)


def test_a_single_npy_array_is_not_an_archive(tmp_path):
    file = tmp_path / "m.npz"
    with open(file, "wb") as handle:
        np.save(handle, np.arange(3))
    assert "not an .npz archive" in error_of(file, mlp())


class _IgnoresTheResult:
    """Chainer's iterators load their order with ``serializer('order', self.order)`` and
    drop the result (WindowIterator in the word2vec example, SerialIterator)."""

    def __init__(self, order):
        self.order = order

    def serialize(self, serializer):
        serializer("order", self.order)


@pytest.mark.parametrize("device", ["@numpy", "@array_api_strict"])
def test_arrays_load_in_place_as_chainers_do(tmp_path, device):
    xp = flexgrad.get_device(device).backend.xp
    save_npz(str(tmp_path / "it.npz"), _IgnoresTheResult(xp.asarray([2, 0, 1])))
    box = _IgnoresTheResult(xp.asarray([0, 1, 2]))
    target = box.order
    load_npz(str(tmp_path / "it.npz"), box)
    assert box.order is target
    np.testing.assert_array_equal(np.asarray(box.order), [2, 0, 1])


def test_a_read_only_or_lazy_array_is_replaced_not_written(tmp_path):
    save_npz(str(tmp_path / "it.npz"), _IgnoresTheResult(np.asarray([2, 0, 1])))
    frozen = np.asarray([0, 1, 2])
    frozen.flags.writeable = False
    values = {}
    load_npz(str(tmp_path / "it.npz"), _Records(frozen, values))
    np.testing.assert_array_equal(frozen, [0, 1, 2])
    np.testing.assert_array_equal(values["order"], [2, 0, 1])
    lazy = flexgrad.get_device("@dask").backend.xp.asarray([0, 1, 2])
    load_npz(str(tmp_path / "it.npz"), _Records(lazy, values))
    np.testing.assert_array_equal(np.asarray(lazy), [0, 1, 2])
    np.testing.assert_array_equal(np.asarray(values["order"]), [2, 0, 1])


class _Records:
    def __init__(self, order, values):
        self.order, self.values = order, values

    def serialize(self, serializer):
        self.values["order"] = serializer("order", self.order)


def test_temporaries_of_killed_saves_are_removed_by_the_next_save(tmp_path):
    killed = tmp_path / ".m.npz.k1ll3d_x.tmp"  # what kill -9 during a save leaves
    running = tmp_path / ".m.npz.running.tmp"  # a save still writing (touched just now)
    other = tmp_path / ".n.npz.k1ll3d_x.tmp"  # another file's
    for path in (killed, running, other):
        path.write_bytes(b"half a file")
    os.utime(killed, (0, 0))
    os.utime(other, (0, 0))
    save_npz(tmp_path / "m.npz", mlp())
    assert sorted(os.listdir(tmp_path)) == sorted(["m.npz", running.name, other.name])
