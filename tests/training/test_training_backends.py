"""The same Trainer run on Dask, array_api_strict, PyTorch and JAX gives NumPy's losses; on
Dask no lazy graph grows across iterations."""

from __future__ import annotations

import numpy as np
import pytest
from training_kit import classifier_trainer, params_of

from flexgrad import datasets, iterators
from flexgrad.training import extensions

pytest.importorskip("dask")
pytest.importorskip("array_api_strict")


def _run(tmp_path, device, iterations):
    trainer = classifier_trainer(str(tmp_path / str(device)), (iterations, "iteration"),
                                 device=device)
    model = trainer.updater.get_optimizer("main").target
    x, t = np.ones((8, 10), np.float32), np.zeros(8, np.int32)
    test_it = iterators.SerialIterator(datasets.TupleDataset(x, t), 4, repeat=False)
    trainer.extend(extensions.Evaluator(test_it, model, device=device),
                   trigger=(iterations, "iteration"))
    trainer.extend(extensions.LogReport(trigger=(1, "iteration")))
    trainer.run()
    return trainer


@pytest.mark.parametrize("device", [
    "@dask", "@array_api_strict", "@torch", "@jax",
    pytest.param("@cupy:0", marks=pytest.mark.gpu),
    pytest.param("@torch:cuda:0", marks=pytest.mark.gpu)])
def test_backends_follow_numpys_losses(tmp_path, device):
    reference = _run(tmp_path, None, 8)
    other = _run(tmp_path, device, 8)
    for key in ("main/loss", "main/accuracy"):
        np.testing.assert_allclose([e[key] for e in other.get_extension("LogReport").log],
                                   [e[key] for e in reference.get_extension("LogReport").log],
                                   rtol=1e-5, err_msg=key)
    last = other.get_extension("LogReport").log[-1]
    np.testing.assert_allclose(
        last["validation/main/loss"],
        reference.get_extension("LogReport").log[-1]["validation/main/loss"], rtol=1e-5)
    for path, value in params_of(reference).items():
        np.testing.assert_allclose(params_of(other)[path], value, rtol=1e-4, atol=1e-6,
                                   err_msg=path)


def test_dask_parameters_keep_a_small_graph(tmp_path):
    trainer = _run(tmp_path, "@dask", 30)
    model = trainer.updater.get_optimizer("main").target
    for path, param in model.namedparams():
        assert type(param.array).__module__.startswith("dask")
        assert len(param.array.__dask_graph__()) <= 2, path
        state = param.update_rule.state
        assert all(len(a.__dask_graph__()) <= 2 for a in state.values()), path
