"""CuPy: random numbers drawn on the GPU and seeded, and arrays moved between GPUs."""

import numpy as np
import pytest

import flexgrad
import flexgrad.functions as F
from flexgrad.backends import get_device

pytestmark = pytest.mark.gpu


def test_seeded_draws_stay_on_the_gpu_in_the_asked_dtype_and_repeat():
    import cupy

    backend = get_device("@cupy:0").backend
    draws = []
    for _ in range(2):
        flexgrad.set_seed(3)
        gen = backend.default_generator()
        draws.append(gen.normal(1.0, 2.0, (1000,), np.float32))
    assert isinstance(draws[0], cupy.ndarray) and draws[0].dtype == np.float32
    cupy.testing.assert_array_equal(draws[0], draws[1])
    u = backend.generator(0).uniform(-1.0, 1.0, (1000,), np.float64)
    assert u.dtype == np.float64 and -1 <= float(u.min()) and float(u.max()) < 1


def test_dropout_draws_its_mask_on_the_gpu():
    import cupy

    x = get_device("@cupy:0").send(np.ones((64, 64), np.float32))
    y = F.dropout(x, 0.5)
    assert isinstance(y.array, cupy.ndarray) and y.array.dtype == np.float32


def test_to_device_moves_a_link_between_gpus():
    import cupy

    if cupy.cuda.runtime.getDeviceCount() < 2:
        pytest.skip("one GPU: '@cupy:1' needs two")
    import flexgrad.links as L

    link = L.Linear(3, 2)
    link.to_device("@cupy:0")
    link.to_device("@cupy:1")
    assert link.W.array.device.id == 1
    x = get_device("@cupy:1").send(np.ones((4, 3), np.float32))
    assert link(x).array.device.id == 1
