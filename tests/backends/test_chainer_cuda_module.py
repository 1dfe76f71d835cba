"""flexgrad.backends.cuda (and flexgrad.cuda): Chainer's helpers for ported scripts."""

from __future__ import annotations

import numpy as np
import pytest

import flexgrad
from flexgrad.backends import cuda


@pytest.mark.parametrize("spec", ["@numpy", "@dask", "@array_api_strict", "@torch", "@jax"])
def test_to_cpu_gives_numpy_from_any_backend(spec):
    x = flexgrad.get_device(spec).send(np.arange(3.0))
    got = flexgrad.cuda.to_cpu(x)
    assert type(got) is np.ndarray and got.tolist() == [0.0, 1.0, 2.0]
    pair = cuda.to_cpu((x, None))
    assert isinstance(pair, tuple) and pair[1] is None and pair[0].tolist() == [0, 1, 2]


def test_to_cpu_of_a_numpy_array_is_the_same_object():
    x = np.ones(2)
    assert cuda.to_cpu(x) is x


def test_variables_and_non_arrays_are_refused_by_name():
    with pytest.raises(TypeError, match="got a Variable.*pass its .array"):
        cuda.to_cpu(flexgrad.Variable(np.ones(2)))
    with pytest.raises(TypeError, match="expected an array, got str"):
        cuda.to_cpu("x")


def test_array_module_and_device_helpers():
    x = flexgrad.get_device("@dask").send(np.ones(2))
    assert cuda.get_array_module(x) is flexgrad.get_array_module(x)
    assert cuda.get_device_from_array(None, x) == flexgrad.get_device("@dask")
    assert cuda.get_device_from_array() == flexgrad.get_device("@numpy")


def test_without_a_gpu_the_gpu_helpers_say_so():
    if cuda.available:
        pytest.skip("a CUDA device is present")
    with pytest.raises(RuntimeError, match="CUDA is not available"):
        cuda.to_gpu(np.ones(2))
    with pytest.raises(RuntimeError, match="CUDA is not available"):
        cuda.get_device_from_id(0)


@pytest.mark.gpu
def test_to_gpu_and_back():
    x = np.arange(4.0)
    y = cuda.to_gpu(x, 0)
    assert flexgrad.get_device_from_array(y) == flexgrad.get_device("@cupy:0")
    np.testing.assert_array_equal(cuda.to_cpu(y), x)


def test_flexgrad_cuda_is_one_importable_module():
    import flexgrad.cuda as imported
    from flexgrad import cuda as attribute

    assert imported is attribute is flexgrad.backends.cuda is cuda


def test_without_cupy_cuda_cupy_is_a_placeholder_no_xp_is():
    if cuda.available or type(cuda.cupy).__name__ == "module":
        pytest.skip("CuPy is installed")
    assert flexgrad.Link().xp is not cuda.cupy
    assert flexgrad.get_array_module(np.ones(2)) is not cuda.cupy
    assert not isinstance(np.ones(2), cuda.ndarray)
    assert "not installed" in repr(cuda.cupy)
    with pytest.raises(AttributeError, match=r"cuda\.cupy\.zeros: CuPy is not installed"):
        cuda.cupy.zeros((2,))


@pytest.mark.gpu
def test_on_a_gpu_xp_is_cupy_itself():
    import cupy

    model = flexgrad.Link(W=(2,)).to_gpu(0)
    assert model.xp is cupy and cuda.cupy is cupy and cuda.ndarray is cupy.ndarray
    assert flexgrad.get_array_module(model.W) is cupy and isinstance(model.W.array, cuda.ndarray)
