"""The adapter contract, on every backend: lookup, devices, conversion, random numbers,
and what the standard lacks (scatter-add, take_along_axis, materialize)."""

import importlib.util

import array_api_compat
import numpy as np
import pytest

import flexgrad
from flexgrad import backends

BACKENDS = [
    "numpy",
    "dask",
    "array_api_strict",
    pytest.param("cupy", marks=pytest.mark.gpu),
]


def device(name):
    return flexgrad.get_device("@cupy:0" if name == "cupy" else "@" + name)


@pytest.fixture(params=BACKENDS)
def dev(request):
    return device(request.param)


def test_lookup_is_one_dict_hit_after_first_sight(monkeypatch, dev):
    a = dev.send(np.ones(3))
    assert backends.backend_of(a) is dev.backend

    def no_discovery(*args, **kwargs):
        raise AssertionError("array_namespace called on the hot path")

    monkeypatch.setattr(array_api_compat, "array_namespace", no_discovery)
    for _ in range(3):
        assert backends.backend_of(a) is dev.backend


def test_numpy_scalars_belong_to_numpy():
    assert backends.backend_of(np.float32(1.0)) is backends.NUMPY


@pytest.mark.parametrize("spec, name", [("@numpy", "numpy"), (-1, "numpy"), ("-1", "numpy"),
                                        (np, "numpy"),
                                        ("@dask", "dask"),
                                        ("@array_api_strict", "array_api_strict")])
def test_get_device_specs(spec, name):
    d = flexgrad.get_device(spec)
    assert d.backend.name == name
    assert flexgrad.get_device(d.spec) == d
    assert flexgrad.get_device(d) is d


@pytest.mark.parametrize("spec", ["numpy", "@no_such_library", "@numpy:x", 1.5])
def test_bad_device_specs_are_named(spec):
    with pytest.raises(ValueError, match="flexgrad.get_device"):
        flexgrad.get_device(spec)


def test_send_round_trips(dev):
    a = np.arange(12, dtype=np.float32).reshape(3, 4)
    moved = dev.send(a)
    assert backends.backend_of(moved) is dev.backend
    assert flexgrad.get_device_from_array(moved) == dev
    back = dev.backend.to_numpy(moved)
    assert back.dtype == np.float32
    np.testing.assert_array_equal(back, a)
    assert dev.send(moved) is moved


def test_get_array_module_looks_through_variables(dev):
    a = dev.send(np.ones(2))
    assert flexgrad.get_array_module(flexgrad.Variable(a)) is dev.xp
    assert flexgrad.get_array_module(None, 3, a) is dev.xp
    assert flexgrad.get_array_module() is np


def test_scatter_add_sums_repeated_indices(dev):
    target = np.arange(8.0).reshape(4, 2)
    idx = np.array([[0, 3], [3, 3]])
    values = np.arange(8.0).reshape(2, 2, 2)
    expected = target.copy()
    np.add.at(expected, idx, values)
    got = dev.backend.scatter_add(dev.send(target), dev.send(idx), dev.send(values))
    assert backends.backend_of(got) is dev.backend
    np.testing.assert_allclose(dev.backend.to_numpy(got), expected)


def test_standard_only_scatter_add_matches_numpy():
    """The one-hot fallback that Dask and generic namespaces use, run on NumPy arrays."""
    generic = backends.Backend(backends.NUMPY.xp, np.ndarray)
    idx = np.array([1, 1, 0])
    got = generic.scatter_add(np.zeros((2, 3)), idx, np.ones((3, 3)))
    np.testing.assert_allclose(got, [[1, 1, 1], [2, 2, 2]])


@pytest.mark.parametrize("axis", [0, 1, -1])
def test_take_along_axis(dev, axis):
    rng = np.random.default_rng(0)
    a = rng.normal(size=(3, 4))
    idx = rng.integers(0, a.shape[axis], size=(3, 4) if axis == 0 else (3, 2))
    if axis == 0:
        idx = idx[:2]
    expected = np.take_along_axis(a, idx, axis=axis)
    got = dev.backend.take_along_axis(dev.send(a), dev.send(idx), axis)
    np.testing.assert_allclose(dev.backend.to_numpy(got), expected)


def test_standard_only_take_along_axis_matches_numpy():
    class NoTakeAlong:
        """The NumPy namespace minus take_along_axis, as Dask's is."""

        def __getattr__(self, name):
            if name == "take_along_axis":
                raise AttributeError(name)
            return getattr(backends.NUMPY.xp, name)

    generic = backends.Backend(NoTakeAlong(), np.ndarray)
    a = np.arange(12.0).reshape(3, 4)
    idx = np.array([[3], [0], [2]])
    np.testing.assert_allclose(generic.take_along_axis(a, idx, 1), [[3.0], [4.0], [10.0]])


def test_generators_are_seedable(dev):
    draws = []
    for _ in range(2):
        gen = dev.backend.generator(seed=42)
        u = gen.uniform(-1.0, 1.0, (5,), dev.backend.dtype("float32"))
        n = gen.normal(0.0, 2.0, (5,), dev.backend.dtype("float64"))
        k = gen.integers(0, 10, (5,), dev.backend.dtype("int64"))
        for a in (u, n, k):
            assert backends.backend_of(a) is dev.backend
        draws.append([dev.backend.to_numpy(a) for a in (u, n, k)])
    assert draws[0][0].dtype == np.float32
    assert (-1 <= draws[0][0]).all() and (draws[0][0] < 1).all()
    assert ((0 <= draws[0][2]) & (draws[0][2] < 10)).all()
    for first, second in zip(*draws, strict=True):
        np.testing.assert_array_equal(first, second)


def test_set_seed_resets_default_generators(dev):
    def draw():
        return dev.backend.to_numpy(
            dev.backend.default_generator().normal(0.0, 1.0, (3,), dev.backend.dtype("float32")))

    flexgrad.set_seed(7)
    first = draw()
    flexgrad.set_seed(7)
    np.testing.assert_array_equal(first, draw())


def test_materialize_persists_dask_and_is_a_no_op_elsewhere(dev):
    a = dev.send(np.ones((4, 4)))
    b = a + 1
    (m,) = dev.backend.materialize([b])
    np.testing.assert_array_equal(dev.backend.to_numpy(m), np.full((4, 4), 2.0))
    if dev.backend.is_lazy:
        graph = m.__dask_graph__()
        assert len(graph) == len(m.__dask_keys__()), "persist should leave one task per chunk"
    else:
        assert m is b


def test_mixing_backends_names_both():
    x = flexgrad.Variable(np.ones(2))
    y = flexgrad.get_device("@dask").send(np.ones(2))
    with pytest.raises(flexgrad.errors.BackendMismatchError, match="numpy.*dask"):
        x * y


def test_non_arrays_are_refused_by_ops():
    with pytest.raises(TypeError, match="expected an array or Variable, got list"):
        flexgrad.functions.neg([1.0])


def test_a_gpu_spec_without_cupy_says_what_to_install():
    if importlib.util.find_spec("cupy") is not None:
        pytest.skip("CuPy is installed here")
    for spec in ("@cupy:0", "0", 0):  # Chainer's scripts default --device to '0'
        with pytest.raises(ImportError, match=r"needs CuPy and an NVIDIA GPU \(pip install "
                                              r"flexgrad\[cuda12\]"):
            flexgrad.get_device(spec)
