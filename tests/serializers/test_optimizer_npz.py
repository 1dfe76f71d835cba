"""save_npz / load_npz on optimizers: Chainer's state keys, resumed training, devices."""

from __future__ import annotations

import numpy as np
import pytest
from serializer_boxes import Classifier

import flexgrad
from flexgrad import optimizers
from flexgrad.errors import SerializationError
from flexgrad.serializers import load_npz, save_npz


def trained(device: str, steps: int) -> tuple[Classifier, optimizers.Adam]:
    model = Classifier(seed=7).to_device(device)
    optimizer = optimizers.Adam(alpha=0.1)
    optimizer.setup(model)
    for step in range(steps):
        for param in model.params():
            param.grad = param.xp.full(param.shape, float(step + 1), dtype=param.dtype)
        optimizer.update()
    return model, optimizer


def state(optimizer) -> dict[str, np.ndarray]:
    out = {"t": optimizer.t}
    for path, param in optimizer.target.namedparams():
        for key, value in param.update_rule.state.items():
            out[f"{path}/{key}"] = flexgrad.backends.backend_of(value).to_numpy(value)
    return out


def test_keys_are_chainers(tmp_path):
    file = tmp_path / "opt.npz"
    save_npz(file, trained("@numpy", 2)[1])
    with np.load(file, allow_pickle=False) as npz:
        assert "t" in npz.files and "epoch" in npz.files
        assert {"predictor/0/W/m", "predictor/0/W/v", "predictor/1/b/v"} <= set(npz.files)
        assert npz["t"] == 2


@pytest.mark.parametrize("source, target", [("@numpy", "@dask"), ("@dask", "@array_api_strict"),
                                            ("@array_api_strict", "@numpy")])
def test_state_round_trips_across_backends(tmp_path, source, target):
    file = tmp_path / "opt.npz"
    _, optimizer = trained(source, 3)
    save_npz(file, optimizer)
    _, fresh = trained(target, 0)
    load_npz(file, fresh)
    expected, got = state(optimizer), state(fresh)
    assert sorted(expected) == sorted(got) and got["t"] == 3
    for key in expected:
        np.testing.assert_allclose(got[key], expected[key], rtol=1e-6, err_msg=key)
    backend = flexgrad.get_device(target).backend
    rule = next(fresh.target.params()).update_rule
    assert all(flexgrad.backends.backend_of(v) is backend for v in rule.state.values())


def test_a_model_file_is_not_an_optimizer_file(tmp_path):
    file = tmp_path / "model.npz"
    model, optimizer = trained("@numpy", 1)
    save_npz(file, model)
    with pytest.raises(SerializationError, match="'t'"):
        load_npz(file, optimizer)
