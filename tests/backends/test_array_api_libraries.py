"""PyTorch tensors, JAX arrays and unknown standard namespaces are backends like NumPy's.

The op table sweeps every function on torch and JAX (tests/functions/test_op_table.py);
this file covers what is particular to them: resolution by namespace, devices and specs,
immutability, 64-bit types, DLPack transfers, generators, files and mixed libraries.
"""

from __future__ import annotations

import sys
import types

import numpy as np
import pytest

import flexgrad
import flexgrad.functions as F
import flexgrad.links as L
from flexgrad import Variable, backends
from flexgrad.errors import BackendMismatchError, InvalidTypeError

torch = pytest.importorskip("torch")
jax = pytest.importorskip("jax")
jnp = pytest.importorskip("jax.numpy")
array_api_strict = pytest.importorskip("array_api_strict")

LIBRARIES = {"torch": lambda a: torch.asarray(a), "jax": lambda a: jnp.asarray(a)}
library = pytest.mark.parametrize("lib", sorted(LIBRARIES))


def _host(a):
    return backends.backend_of(a).to_numpy(a)


# -- resolution ------------------------------------------------------------------------------
class _StubArray:
    """Just enough of an array to resolve: its namespace module is not its package."""

    device = "cpu"

    def __init__(self, data) -> None:
        self._data = np.asarray(data, dtype=np.float64)
        self.shape, self.dtype = self._data.shape, self._data.dtype

    def __setitem__(self, key, value) -> None:
        self._data[key] = value

    def __array_namespace__(self, api_version=None):
        return _STUB


def _stub_namespace() -> types.ModuleType:
    module = types.ModuleType("stubpkg._namespace")  # no package 'stubpkg' exists
    module.asarray = lambda obj, **kw: _StubArray(obj)
    module.zeros = lambda shape, **kw: _StubArray(np.zeros(shape))
    module.float32 = np.float32
    return module


_STUB = _stub_namespace()


def test_a_namespace_is_found_from_its_arrays_not_from_a_module_name(monkeypatch):
    a = _STUB.asarray([1.0, 2.0])
    backend = backends.backend_of(a)
    assert backend.xp is _STUB
    assert backend.name == "stubpkg._namespace"
    assert backends.backend_of(_STUB.asarray([3.0])) is backend  # registered once, by type
    monkeypatch.setitem(sys.modules, "stubpkg._namespace", _STUB)
    assert backends.get_device("@stubpkg._namespace").backend is backend


@pytest.mark.parametrize("spec, name", [("@torch", "torch"), ("@torch:cpu", "torch"),
                                        ("@jax", "jax"), ("@jax.numpy", "jax"),
                                        ("@jax:cpu:0", "jax")])
def test_specs_name_the_library_and_its_device(spec, name):
    device = flexgrad.get_device(spec)
    assert device.backend.name == name
    assert device == device.backend.default_device()  # the CPU is their default here
    assert flexgrad.get_device(device.spec) == device


def test_jax_arrays_resolve_without_a_spec_first():
    assert backends.backend_of(jnp.ones(2)).xp is jnp


def test_an_unknown_device_lists_the_devices_there_are():
    with pytest.raises(ValueError, match="jax has no device 'tpu:7'.*cpu:0"):
        flexgrad.get_device("@jax:tpu:7")
    with pytest.raises(ValueError, match="array_api_strict has no device 'nowhere'"):
        flexgrad.get_device("@array_api_strict:nowhere")


def test_a_strict_array_on_a_second_device_keeps_its_device_and_converts_for_display():
    device = flexgrad.get_device("@array_api_strict:device1")
    a = device.send(np.arange(3.0))
    assert flexgrad.get_device_from_array(a) == device
    assert device.spec == "@array_api_strict:device1"
    np.testing.assert_array_equal(_host(a), [0.0, 1.0, 2.0])


# -- what broke at the first backward --------------------------------------------------------
@library
def test_a_scalar_loss_backpropagates(lib):
    v = Variable(LIBRARIES[lib](np.arange(6.0).reshape(2, 3)))
    F.sum(v * v).backward()
    np.testing.assert_array_equal(_host(v.grad), 2 * np.arange(6.0).reshape(2, 3))
    assert v.size == 6


@library
@pytest.mark.parametrize("key", [(slice(None, None, 2), slice(1, None)),
                                 (slice(None, None, -1),), (slice(3, 0, -2), 1),
                                 (Ellipsis, slice(None, None, -2))])
def test_slicing_backward_writes_without_in_place_writes(lib, key):
    x = np.arange(20.0).reshape(4, 5)
    v = Variable(LIBRARIES[lib](x))
    y = v[key]
    np.testing.assert_array_equal(_host(y.array), x[key])
    F.sum(y * y).backward()
    expected = np.zeros_like(x)
    expected[key] = 2 * x[key]
    np.testing.assert_array_equal(_host(v.grad), expected)


@library
def test_einsum_uses_the_librarys_own(lib):
    a, b = np.arange(6.0).reshape(2, 3), np.arange(12.0).reshape(3, 4)
    y = F.einsum("ij,jk->ik", LIBRARIES[lib](a), LIBRARIES[lib](b))
    np.testing.assert_allclose(_host(y.array), a @ b)


@library
def test_losses_that_compared_a_size_method(lib):
    x, t = np.arange(6.0).reshape(2, 3), np.ones((2, 3))
    xs = Variable(LIBRARIES[lib](x))
    loss = F.mean_squared_error(xs, LIBRARIES[lib](t)) + F.mean_absolute_error(
        xs, LIBRARIES[lib](t))
    loss.backward()
    np.testing.assert_allclose(float(_host(loss.array)),
                               ((x - t) ** 2).mean() + abs(x - t).mean())


@library
def test_crf1d_gathers_with_the_index_dtype_the_library_wants(lib):
    rng = np.random.default_rng(0)
    cost = Variable(LIBRARIES[lib](rng.standard_normal((3, 3))))
    xs = [LIBRARIES[lib](rng.standard_normal((2, 3))) for _ in range(4)]
    ys = [LIBRARIES[lib](np.array([0, 2], dtype=np.int32)) for _ in range(4)]
    loss = F.crf1d(cost, xs, ys)
    loss.backward()
    reference = F.crf1d(_host(cost.array), [_host(x) for x in xs], [_host(y) for y in ys])
    np.testing.assert_allclose(float(_host(loss.array)), float(reference.array), rtol=1e-12)


# -- immutability ----------------------------------------------------------------------------
def test_jax_running_statistics_are_replaced_not_written():
    x = np.random.default_rng(0).standard_normal((6, 3)).astype(np.float32)
    bn_np, bn_jax = L.BatchNormalization(3), L.BatchNormalization(3)
    bn_jax.to_device("@jax")
    bn_np(x), bn_jax(jnp.asarray(x))
    np.testing.assert_allclose(_host(bn_jax.avg_mean), bn_np.avg_mean, rtol=1e-6)
    np.testing.assert_allclose(_host(bn_jax.avg_var), bn_np.avg_var, rtol=1e-6)


def test_a_raw_jax_statistics_array_is_refused_by_name():
    x, gamma = jnp.ones((4, 3)), jnp.ones(3)
    with pytest.raises(InvalidTypeError, match="running_mean.*Variable"):
        F.batch_normalization(x, gamma, jnp.zeros(3), running_mean=jnp.zeros(3))


def test_the_standard_only_write_rebuilds_for_immutable_libraries():
    backend = backends.Backend(array_api_strict)
    backend.writable = False  # as an unknown library that refuses writes would be
    a = array_api_strict.zeros((3, 4))
    key = (slice(0, 3, 2), slice(1, None))
    out = backend.set_item(a, key, array_api_strict.ones((2, 3)))
    expected = np.zeros((3, 4))
    expected[key] = 1.0
    np.testing.assert_array_equal(np.asarray(out), expected)
    np.testing.assert_array_equal(np.asarray(a), np.zeros((3, 4)))  # the input is unchanged


@library
def test_the_gradient_checker_runs_on_them(lib):
    from flexgrad.testing import check_backward, check_double_backward

    x = LIBRARIES[lib](np.linspace(-1.0, 1.0, 6).reshape(2, 3))
    gy = LIBRARIES[lib](np.ones((2, 3)))
    check_backward(F.tanh, (x,), gy)
    check_double_backward(F.tanh, (x,), gy, gy)
    with pytest.raises(AssertionError):
        check_backward(lambda v: _CubeWithWrongGrad().apply((v,))[0], (x,), gy)


class _CubeWithWrongGrad(flexgrad.FunctionNode):
    def forward(self, inputs):
        self.retain_inputs((0,))
        return (inputs[0] ** 3,)

    def backward(self, indexes, grad_outputs):
        (x,) = self.get_retained_inputs()
        return (grad_outputs[0] * 2.0 * x * x,)  # 3x² is right


# -- 64-bit types on JAX ---------------------------------------------------------------------
@pytest.fixture
def jax_x64_off():
    before = jax.config.jax_enable_x64
    jax.config.update("jax_enable_x64", False)
    yield
    jax.config.update("jax_enable_x64", before)


def test_float64_without_x64_is_an_error_that_says_how(jax_x64_off):
    with pytest.raises(InvalidTypeError, match=r"jax_enable_x64.*True"):
        flexgrad.get_device("@jax").send(np.ones(3))
    with pytest.raises(InvalidTypeError, match="float64"):
        flexgrad.get_device("@jax").backend.dtype("float64")
    y = flexgrad.get_device("@jax").send(np.ones(3, dtype=np.float32))
    assert str(y.dtype) == "float32"


# -- moving between libraries ----------------------------------------------------------------
def test_numpy_to_torch_goes_through_dlpack_without_a_copy():
    x = np.arange(4.0)
    t = flexgrad.get_device("@torch").send(x)
    assert isinstance(t, torch.Tensor)
    assert np.shares_memory(t.numpy(), x)


def test_a_read_only_array_is_copied_instead():
    x = np.arange(4.0)
    x.flags.writeable = False
    t = flexgrad.get_device("@torch").send(x)
    np.testing.assert_array_equal(t.numpy(), x)


@pytest.mark.parametrize("source, target", [("@torch", "@jax"), ("@jax", "@torch"),
                                            ("@torch", "@array_api_strict"),
                                            ("@dask", "@torch"), ("@jax", "@numpy")])
def test_send_between_libraries(source, target):
    x = np.arange(6.0).reshape(2, 3)
    a = flexgrad.get_device(source).send(x)
    b = flexgrad.get_device(target).send(a)
    assert backends.backend_of(b) is flexgrad.get_device(target).backend
    np.testing.assert_array_equal(_host(b), x)


@library
def test_links_move_to_the_library_and_back(lib):
    model = L.Linear(3, 2)
    w = model.W.array.copy()
    model.to_device("@" + lib)
    assert backends.backend_of(model.W.array).name == lib
    model.to_device("@numpy")
    np.testing.assert_array_equal(model.W.array, w)


# -- mixing libraries ------------------------------------------------------------------------
@pytest.mark.parametrize("call", [
    lambda x, w: F.linear(x, w),
    lambda x, w: F.matmul(x, w.T if hasattr(w, "T") else w),
    lambda x, w: Variable(x[:, :2]) + Variable(w[:, :2]),
], ids=["linear", "matmul", "add"])
def test_mixed_libraries_name_both_and_to_device(call):
    x, w = np.ones((4, 3)), torch.ones((4, 3), dtype=torch.float64)
    with pytest.raises(BackendMismatchError) as info:
        call(x, w)
    message = str(info.value)
    assert "numpy" in message and "torch" in message and "to_device" in message


# -- generators ------------------------------------------------------------------------------
@library
def test_seeded_generators_repeat_and_draw_on_the_library(lib):
    backend = flexgrad.get_device("@" + lib).backend
    draws = [backend.generator(7).normal(0.0, 1.0, (3,), "float32") for _ in range(2)]
    assert backends.backend_of(draws[0]) is backend
    np.testing.assert_array_equal(_host(draws[0]), _host(draws[1]))
    other = backend.generator(8).normal(0.0, 1.0, (3,), "float32")
    assert not np.array_equal(_host(draws[0]), _host(other))


@library
def test_dropout_draws_on_the_library(lib):
    flexgrad.set_seed(0)
    x = LIBRARIES[lib](np.ones((50, 4), dtype=np.float32))
    y = F.dropout(x, 0.5)
    assert backends.backend_of(y.array).name == lib
    kept = _host(y.array) != 0
    assert 0.25 < kept.mean() < 0.75


# -- files -----------------------------------------------------------------------------------
@library
@pytest.mark.parametrize("fmt", ["npz", "hdf5"])
def test_a_model_saved_from_the_library_loads_on_numpy_and_back(tmp_path, lib, fmt):
    if fmt == "hdf5":
        pytest.importorskip("h5py")
    save = getattr(flexgrad.serializers, f"save_{fmt}")
    load = getattr(flexgrad.serializers, f"load_{fmt}")
    model = L.Linear(3, 2)
    model.to_device("@" + lib)
    save(str(tmp_path / "m"), model)
    on_numpy = L.Linear(3, 2)
    load(str(tmp_path / "m"), on_numpy)
    np.testing.assert_array_equal(on_numpy.W.array, _host(model.W.array))
    on_numpy.W.array[...] = 0.5
    save(str(tmp_path / "n"), on_numpy)
    load(str(tmp_path / "n"), model)
    assert backends.backend_of(model.W.array).name == lib
    np.testing.assert_array_equal(_host(model.W.array), np.full((2, 3), 0.5, np.float32))


# -- a Dask graph-naming trap ----------------------------------------------------------------
def test_dask_takes_index_zero_as_one_row():
    """Dask names an index array [0] like the offsets its take builds: the two got mixed
    and the whole axis came back."""
    import dask.array as da

    W = np.arange(12.0).reshape(4, 3)
    ids = da.from_array(np.array([0]), chunks=1)
    y = F.embed_id(ids, da.from_array(W, chunks=(4, 3)))
    np.testing.assert_array_equal(_host(y.array), W[:1])


# -- GPUs through torch and JAX (run by `python3 dev.py gpu` where a GPU is present) --------
@pytest.mark.gpu
@pytest.mark.parametrize("spec", ["@torch:cuda:0", "@jax:gpu:0"])
def test_a_gpu_device_keeps_forward_backward_and_draws_there(spec):
    device = flexgrad.get_device(spec)
    x = Variable(device.send(np.linspace(-1.0, 1.0, 12, dtype=np.float32).reshape(3, 4)))
    y = F.sum(F.tanh(x) * F.dropout(x, 0.25))
    y.backward()
    assert flexgrad.get_device_from_array(x.grad) == device
    assert flexgrad.get_device_from_array(y.array) == device


@pytest.mark.gpu
def test_cupy_and_torch_cuda_exchange_through_dlpack():
    a = flexgrad.get_device("@cupy:0").send(np.arange(4.0))
    t = flexgrad.get_device("@torch:cuda:0").send(a)
    assert t.device.type == "cuda"
    assert t.data_ptr() == a.data.ptr  # shared, no copy through the host


@library
def test_generator_state_round_trips(lib):
    backend = flexgrad.get_device("@" + lib).backend
    gen = backend.generator(3)
    gen.uniform(0.0, 1.0, (2,), "float32")
    state = gen.get_state()
    ahead = _host(gen.uniform(0.0, 1.0, (4,), "float32"))
    other = backend.generator(99)
    other.set_state(state)
    np.testing.assert_array_equal(_host(other.uniform(0.0, 1.0, (4,), "float32")), ahead)
    assert other.state_error(state[:1]) is not None
