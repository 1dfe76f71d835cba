"""save_npz / load_npz on real Links: Chainer's key names, devices, lazy parameters."""

from __future__ import annotations

import numpy as np
import pytest
from serializer_boxes import Affine, Classifier, values

import flexgrad
from flexgrad.errors import SerializationError
from flexgrad.serializers import load_npz, save_npz

BACKENDS = ["@numpy", "@dask", "@array_api_strict", "@torch", "@jax"]


def test_keys_are_chainers(tmp_path):
    file = tmp_path / "model.npz"
    save_npz(file, Classifier())
    with np.load(file, allow_pickle=False) as npz:
        assert sorted(npz.files) == [
            "predictor/0/W", "predictor/0/b", "predictor/0/calls",
            "predictor/1/W", "predictor/1/b", "predictor/1/calls",
        ]


@pytest.mark.parametrize("source", BACKENDS)
@pytest.mark.parametrize("target", BACKENDS)
def test_round_trip_across_backends(tmp_path, source, target):
    file = tmp_path / "model.npz"
    save_npz(file, Classifier(seed=7).to_device(source))
    model = Classifier(seed=0).to_device(target)
    load_npz(file, model)
    expected, got = values(Classifier(seed=7)), values(model)
    assert sorted(expected) == sorted(got)
    for path in expected:
        np.testing.assert_array_equal(got[path], expected[path], err_msg=path)
    backend = flexgrad.get_device(target).backend
    assert all(flexgrad.backends.backend_of(p.array) is backend for p in model.params())
    assert model.predictor[1].calls == 8 and type(model.predictor[1].calls) is int


@pytest.mark.parametrize("target", BACKENDS)
def test_lazy_parameters_take_shape_and_device_from_the_file(tmp_path, target):
    file = tmp_path / "model.npz"
    save_npz(file, Classifier(seed=7))
    model = Classifier(seed=0, lazy=True).to_device(target)
    assert model.predictor[1].W.array is None
    load_npz(file, model)
    W = model.predictor[1].W.array
    assert flexgrad.backends.backend_of(W) is flexgrad.get_device(target).backend
    np.testing.assert_array_equal(values(model)["/predictor/1/W"],
                                  values(Classifier(seed=7))["/predictor/1/W"])


def test_an_uninitialized_parameter_saves_nothing_and_stays_uninitialized(tmp_path):
    file = tmp_path / "model.npz"
    save_npz(file, Classifier(seed=7, lazy=True))
    with np.load(file) as npz:
        assert "predictor/1/W" not in npz.files
    model = Classifier(seed=0, lazy=True)
    load_npz(file, model)
    assert model.predictor[1].W.array is None
    np.testing.assert_array_equal(model.predictor[0].W.array,
                                  Classifier(seed=7).predictor[0].W.array)


@pytest.mark.parametrize("target", BACKENDS)
def test_a_file_for_another_layout_leaves_the_model_unchanged(tmp_path, target):
    file = tmp_path / "model.npz"
    other = Classifier(seed=7)
    with other.init_scope():
        other.extra = Affine(2, 2)
    save_npz(file, other)
    model = Classifier(seed=0).to_device(target)
    before = values(model)
    with pytest.raises(SerializationError, match="'extra/W'"):
        load_npz(file, model)
    after = values(model)
    for path in before:
        np.testing.assert_array_equal(after[path], before[path], err_msg=path)
    load_npz(file, model, strict=False)
    np.testing.assert_array_equal(values(model)["/predictor/0/W"],
                                  values(Classifier(seed=7))["/predictor/0/W"])
