"""save_hdf5 / load_hdf5: Chainer's group layout, round trips, refusals, and no h5py."""

from __future__ import annotations

import io
import os

import numpy as np
import pytest
from serializer_boxes import Box, flat, mlp

from flexgrad.errors import SerializationError
from flexgrad.serializers import hdf5, load_hdf5, save_hdf5


def test_without_h5py_both_say_so(monkeypatch, tmp_path):
    monkeypatch.setattr(hdf5, "_h5py", None)
    for call in (lambda: save_hdf5(tmp_path / "m.h5", mlp()),
                 lambda: load_hdf5(tmp_path / "m.h5", mlp())):
        with pytest.raises(ImportError, match="needs h5py"):
            call()
    assert os.listdir(tmp_path) == []


h5py = pytest.importorskip("h5py")


@pytest.mark.parametrize("source", ["@numpy", "@dask", "@array_api_strict", "@torch", "@jax"])
@pytest.mark.parametrize("target", ["@numpy", "@array_api_strict"])
@pytest.mark.parametrize("compression", [4, 0])
def test_round_trip_in_chainers_layout(tmp_path, source, target, compression):
    file = tmp_path / "m.h5"
    save_hdf5(file, mlp(source, seed=3), compression=compression)
    with h5py.File(file, "r") as f:
        assert sorted(f["predictor"]) == ["l1", "l2"] and f["t"][()] == 3
        np.testing.assert_array_equal(f["predictor/l1/W"][()], flat(mlp(seed=3))["predictor/l1/W"])
    model = mlp(target, seed=0)
    load_hdf5(file, model)
    expected, got = flat(mlp(seed=3)), flat(model)
    for key in expected:
        np.testing.assert_array_equal(got[key], expected[key], err_msg=key)
    assert type(model.state["t"]) is int


def test_file_objects():
    buffer = io.BytesIO()
    save_hdf5(buffer, mlp(seed=3))
    model = mlp(seed=0)
    load_hdf5(io.BytesIO(buffer.getvalue()), model)
    assert flat(model)["predictor/l2/b"].tolist() == flat(mlp(seed=3))["predictor/l2/b"].tolist()


def refused(file) -> str:
    model = mlp(seed=0)
    before = flat(model)
    with pytest.raises(SerializationError) as info:
        load_hdf5(file, model)
    for key, value in flat(model).items():
        np.testing.assert_array_equal(value, before[key], err_msg=key)
    return str(info.value)


def test_bad_entries_and_damaged_files_are_refused_by_name(tmp_path):
    file = tmp_path / "m.h5"
    save_hdf5(file, mlp(seed=3))
    with h5py.File(file, "a") as f:
        del f["predictor/l2/W"]
        f["predictor/l2/W"] = np.zeros((4, 2), np.float32)
    message = refused(file)
    assert str(file) in message and "'predictor/l2/W'" in message and "shape" in message
    with h5py.File(file, "a") as f:
        del f["predictor/l2/W"]
        f["extra"] = np.zeros(2)
    message = refused(file)
    assert "'predictor/l2/W'" in message and "not in the file" in message
    file.write_bytes(file.read_bytes()[:200])
    assert "not a readable HDF5 file" in refused(file)


def test_an_interrupted_save_leaves_the_old_file(tmp_path):
    file = tmp_path / "m.h5"
    save_hdf5(file, mlp(seed=3))
    good = file.read_bytes()
    broken = mlp(seed=1)
    broken.children["predictor"].state["name"] = {"not": "an array"}
    with pytest.raises(SerializationError, match="predictor/name"):
        save_hdf5(file, broken)
    assert file.read_bytes() == good and os.listdir(tmp_path) == ["m.h5"]


def test_strings_round_trip(tmp_path):
    save_hdf5(tmp_path / "s.h5", Box(state={"log": '[{"épochs": 1}]', "empty": ""}))
    loaded = Box(state={"log": "", "empty": "x"})
    load_hdf5(tmp_path / "s.h5", loaded)
    assert loaded.state == {"log": '[{"épochs": 1}]', "empty": ""}
