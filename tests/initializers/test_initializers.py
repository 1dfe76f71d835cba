"""Initializers: values, statistics, dtypes, devices, seeding and Parameter integration."""

from __future__ import annotations

import math

import numpy as np
import pytest

import flexgrad
from flexgrad import initializers as I

DEVICES = ["@numpy", "@array_api_strict", "@dask"]


def to_np(array):
    return flexgrad.backends.backend_of(array).to_numpy(array)


@pytest.mark.parametrize("spec", DEVICES)
def test_constants_on_every_device(spec):
    device = flexgrad.get_device(spec)
    w = I.Constant(np.array([1.0, 2.0]), dtype="float64").generate((3, 2), device)
    assert flexgrad.get_device_from_array(w) == device
    np.testing.assert_array_equal(to_np(w), [[1, 2]] * 3)
    assert to_np(w).dtype == np.float64
    np.testing.assert_array_equal(to_np(I.Zero().generate(2, spec)), [0, 0])
    np.testing.assert_array_equal(to_np(I.One().generate((2,), spec, "float64")), [1, 1])
    assert to_np(I.One().generate((2,), spec, "float64")).dtype == np.float64
    assert np.isnan(to_np(I.NaN().generate((2,), spec))).all()
    np.testing.assert_array_equal(to_np(I.Identity(3).generate((2, 2), spec)),
                                  [[3, 0], [0, 3]])


def test_errors_name_the_initializer():
    with pytest.raises(ValueError, match="Identity: shape must be a square"):
        I.Identity().generate((2, 3))
    with pytest.raises(ValueError, match="Constant: fill_value of shape"):
        I.Constant(np.ones(3)).generate((2,))
    with pytest.raises(ValueError, match="get_fans"):
        I.HeNormal().generate((4,))
    with pytest.raises(ValueError, match="HeNormal: fan_option must be"):
        I.HeNormal(fan_option="both")
    with pytest.raises(TypeError, match="do not fill in place"):
        I.One()(np.zeros(2))
    with pytest.raises(TypeError, match="generate_array: initializer must be"):
        I.generate_array("ones", (2,))


@pytest.mark.parametrize(("init", "std"), [
    (I.Normal(0.2), 0.2),
    (I.Uniform(0.3), 0.3 / math.sqrt(3)),
    (I.LeCunNormal(2.0), 2.0 / math.sqrt(50)),
    (I.LeCunUniform(), 1 / math.sqrt(50)),
    (I.GlorotNormal(), math.sqrt(2 / (50 + 40))),
    (I.GlorotUniform(), math.sqrt(2 / (50 + 40))),
    (I.HeNormal(), math.sqrt(2 / 50)),
    (I.HeUniform(fan_option="fan_out"), math.sqrt(2 / 40)),
])
def test_random_initializers_have_the_documented_spread(init, std):
    w = to_np(init.generate((40, 50), "@numpy"))
    assert w.shape == (40, 50) and w.dtype == np.float32
    assert abs(w.mean()) < 0.1 * std
    assert w.std() == pytest.approx(std, rel=0.05)
    if "Uniform" in type(init).__name__:
        assert np.abs(w).max() <= math.sqrt(3) * std


@pytest.mark.parametrize("shape", [(3, 5), (5, 3), (4, 2, 3)])
def test_orthogonal(shape):
    w = to_np(I.Orthogonal(scale=2.0).generate(shape, "@numpy")).reshape(shape[0], -1)
    gram = w @ w.T if w.shape[0] <= w.shape[1] else w.T @ w
    np.testing.assert_allclose(gram, 4 * np.eye(min(w.shape)), atol=1e-5)


@pytest.mark.parametrize("mode, allowed, refused", [
    ("auto", [(3, 5), (5, 3), (4, 4)], []),
    ("projection", [(3, 5), (4, 4)], [(5, 3)]),
    ("embedding", [(5, 3), (4, 4)], [(3, 5)]),
    ("basis", [(4, 4), (2, 1, 2)], [(3, 5), (5, 3)]),
])
def test_orthogonal_modes_check_the_shape_as_chainer(mode, allowed, refused):
    for shape in allowed:
        assert to_np(I.Orthogonal(mode=mode).generate(shape)).shape == shape
    for shape in refused:
        with pytest.raises(ValueError, match=f"orthogonal {mode} of shape"):
            I.Orthogonal(mode=mode).generate(shape)
    with pytest.raises(ValueError, match="mode must be one of"):
        I.Orthogonal(mode="square")


def test_orthogonal_scalar_and_empty():
    assert abs(float(to_np(I.Orthogonal(scale=3.0).generate(())))) == 3.0
    with pytest.raises(ValueError, match=r"shape \(0, 3\)"):
        I.Orthogonal().generate((0, 3))


def test_set_seed_gives_the_same_model_on_every_backend():
    def model(spec):
        flexgrad.set_seed(7)
        return [to_np(I.HeNormal().generate((3, 4), spec)),
                to_np(I.Orthogonal().generate((3, 4), spec))]

    first = model("@numpy")
    assert not np.array_equal(first[0], to_np(I.HeNormal().generate((3, 4))))
    for spec in DEVICES:
        for a, b in zip(model(spec), first, strict=True):
            np.testing.assert_array_equal(a, b)
    flexgrad.set_seed(None)


@pytest.mark.parametrize("make", [
    lambda rng: I.Normal(0.3, rng=rng),
    lambda rng: I.Uniform(rng=rng),
    lambda rng: I.LeCunUniform(2.0, None, rng),
    lambda rng: I.GlorotNormal(rng=rng),
    lambda rng: I.HeUniform(1.0, None, "fan_out", rng),
    lambda rng: I.Orthogonal(rng=rng),
])
def test_rng_argument_draws_from_the_given_generator(make):
    draws = []
    for seed in (3, 3, 4):
        flexgrad.set_seed(seed)  # ignored: the rng decides
        draws.append(to_np(make(np.random.default_rng(5)).generate((4, 3), "@dask")))
    np.testing.assert_array_equal(draws[0], draws[2])
    assert draws[0].dtype == np.float32
    assert not np.array_equal(draws[0], to_np(make(np.random.default_rng(6)).generate((4, 3))))
    flexgrad.set_seed(None)


def test_parameter_initialize_and_generate_array_forms():
    p = flexgrad.Parameter(I.Normal(dtype="float64"))
    assert p.array is None
    p.initialize((2, 3), "@array_api_strict")
    assert p.shape == (2, 3) and to_np(p.array).dtype == np.float64
    assert flexgrad.Parameter(1.5, shape=2).array.tolist() == [1.5, 1.5]
    assert np.isnan(flexgrad.Parameter(shape=(2,)).array).all()

    def chainer_style(array):
        array[...] = 4.0

    np.testing.assert_array_equal(I.generate_array(chainer_style, (2,), "@dask"), [4, 4])
    assert I.generate_array(I.Normal(), (2,), dtype="float64").dtype == np.float64


def test_repr_shows_settings():
    assert repr(I.HeNormal(0.5)) == "HeNormal(scale=0.5, fan_option='fan_in')"
