"""concat, stack, split_axis, repeat, tile, flip and cast: values and gradients against
NumPy on three backends (Dask stays lazy), Chainer's defaults, double backprop, errors."""

import contextlib

import dask
import dask.array as da
import numpy as np
import pytest

import flexgrad
import flexgrad.functions as F
from flexgrad import Variable
from flexgrad.errors import InvalidTypeError, InvalidValueError

DEVICES = ["@numpy", "@dask", "@array_api_strict", pytest.param("@cupy:0", marks=pytest.mark.gpu)]
RNG = np.random.default_rng(0)
A = RNG.normal(size=(2, 3))
B = RNG.normal(size=(2, 1))


def on(device, a):
    """``a`` (NumPy) sent to ``device``; Dask arrays get small chunks."""
    a = flexgrad.get_device(device).send(np.asarray(a))
    return a.rechunk(2) if isinstance(a, da.Array) else a


def to_numpy(a):
    return flexgrad.backends.backend_of(a).to_numpy(a)


def _refuse(*args, **kwargs):
    raise AssertionError("a Dask value was computed inside forward or backward")


@contextlib.contextmanager
def lazy(device):
    """On Dask, refuse any computation inside the block."""
    if device != "@dask":
        yield
        return
    with dask.config.set(scheduler=_refuse):
        yield


def _tile_grad(gy, shape, reps):
    pairs = [d for r, s in zip(reps, shape, strict=True) for d in (r, s)]
    return gy.reshape(pairs).sum(axis=tuple(range(0, 2 * len(shape), 2)))


# name: (function of Variables, NumPy inputs, NumPy forward, NumPy gradient of x[0] for gy)
CASES = {
    "concat default axis=1": (
        lambda a, b: F.concat((a, b)), (A, B),
        lambda a, b: np.concatenate((a, b), axis=1), lambda gy: gy[:, :3]),
    "concat axis=0": (
        lambda a: F.concat([a, a[:1] * 2.0], axis=0), (A,),
        lambda a: np.concatenate((a, a[:1] * 2), axis=0),
        lambda gy: gy[:2] + np.pad(2 * gy[2:], ((0, 1), (0, 0)))),
    "stack axis=-1": (
        lambda a: F.stack((a, a * 2.0), axis=-1), (A,),
        lambda a: np.stack((a, a * 2), axis=-1), lambda gy: gy[..., 0] + 2 * gy[..., 1]),
    "split_axis sections": (
        lambda a: F.split_axis(a, 3, axis=1)[1], (A,),
        lambda a: a[:, 1:2], lambda gy: np.pad(gy, ((0, 0), (1, 1)))),
    "split_axis points": (
        lambda a: F.split_axis(a, [-2], axis=1)[1], (A,),
        lambda a: a[:, 1:], lambda gy: np.pad(gy, ((0, 0), (1, 0)))),
    "repeat int axis": (
        lambda a: F.repeat(a, 2, axis=1), (A,),
        lambda a: np.repeat(a, 2, axis=1), lambda gy: gy.reshape(2, 3, 2).sum(axis=2)),
    "repeat per element": (
        lambda a: F.repeat(a, (2, 0, 1), axis=-1), (A,),
        lambda a: np.repeat(a, (2, 0, 1), axis=-1),
        lambda gy: np.stack([gy[:, 0] + gy[:, 1], 0 * gy[:, 0], gy[:, 2]], axis=1)),
    "repeat flattened": (
        lambda a: F.repeat(a, 3), (A,),
        lambda a: np.repeat(a, 3), lambda gy: gy.reshape(2, 3, 3).sum(axis=2)),
    "repeat zero times": (
        lambda a: F.repeat(a, 0, axis=0), (A,),
        lambda a: np.repeat(a, 0, axis=0), lambda gy: np.zeros((2, 3))),
    "tile": (
        lambda a: F.tile(a, (2, 1, 3)), (A,),
        lambda a: np.tile(a, (2, 1, 3)), lambda gy: _tile_grad(gy, (1, 2, 3), (2, 1, 3))[0]),
    "tile int": (
        lambda a: F.tile(a, 2), (A,),
        lambda a: np.tile(a, 2), lambda gy: _tile_grad(gy, (2, 3), (1, 2))),
    "flip": (
        lambda a: F.flip(a, -1), (A,),
        lambda a: np.flip(a, -1), lambda gy: np.flip(gy, -1)),
}


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("func, inputs, ref, ref_grad", CASES.values(), ids=CASES.keys())
def test_forward_and_gradient_match_numpy(device, func, inputs, ref, ref_grad):
    expected = ref(*inputs)
    gy = RNG.normal(size=expected.shape)
    xs = [Variable(on(device, a)) for a in inputs]
    with lazy(device):
        y = func(*xs)
        y.grad = on(device, gy)
        y.backward()
    assert type(y.array) is type(xs[0].array) and type(xs[0].grad) is type(xs[0].array)
    np.testing.assert_allclose(to_numpy(y.array), expected)
    np.testing.assert_allclose(to_numpy(xs[0].grad), ref_grad(gy), atol=1e-12)


LINEAR = {
    "concat": lambda x: F.concat((x, x[:, :1])),
    "stack": lambda x: F.stack((x, x), axis=1),
    "split_axis": lambda x: F.split_axis(x, [1], axis=0)[1],
    "repeat": lambda x: F.repeat(x, (1, 0, 2), axis=1),
    "tile": lambda x: F.tile(x, (2, 2)),
    "flip": lambda x: F.flip(x, 0),
    "cast": lambda x: F.cast(x, "float32"),
    "get_item basic": lambda x: x[::-1, None, 1:],
    "get_item arrays": lambda x: x[[0, 0, 1], [2, 2, 0]],
}


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("func", LINEAR.values(), ids=LINEAR.keys())
def test_double_backprop_of_a_linear_function_gives_the_function(device, func):
    """f is linear, so d/d(gy) <gx(gy), w> = f(w): the gradient's own backward is checked."""
    x = Variable(on(device, A))
    w = on(device, RNG.normal(size=A.shape))
    expected = to_numpy(func(Variable(w)).array)
    with lazy(device):
        y = func(x)
        gy = Variable(flexgrad.get_device(device).xp.ones_like(y.array))
        (gx,) = flexgrad.grad([y], [x], [gy], enable_double_backprop=True)
        (ggy,) = flexgrad.grad([F.sum(gx * w)], [gy])
    np.testing.assert_allclose(to_numpy(ggy.array), expected, rtol=1e-6)


@pytest.mark.parametrize("device", DEVICES)
def test_split_axis_fills_zeros_for_unused_outputs(device):
    x = Variable(on(device, A))
    with lazy(device):
        ys = F.split_axis(x, 3, axis=1)
        F.sum(ys[1] * 2.0).backward()
    assert len(ys) == 3 and all(y.shape == (2, 1) for y in ys)
    np.testing.assert_array_equal(to_numpy(x.grad), [[0.0, 2.0, 0.0]] * 2)


def test_split_axis_force_tuple_and_array_points():
    (y,) = F.split_axis(A, 1, axis=0)
    assert F.split_axis(A, 1, axis=0, force_tuple=False).shape == (2, 3)
    pieces = F.split_axis(A, np.array([1, 1]), axis=1)
    assert [p.shape for p in pieces] == [(2, 1), (2, 0), (2, 2)]
    np.testing.assert_array_equal(y.array, A)


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("typ", ["float32", np.float32, np.dtype("float32"), "namespace"])
def test_cast_round_trip_keeps_values_and_casts_the_gradient_back(device, typ):
    x = Variable(on(device, A))
    xp = flexgrad.get_device(device).xp
    typ = xp.float32 if typ == "namespace" else typ
    with lazy(device):
        y = F.cast(x, typ)
        z = F.cast(y, xp.float64)
        F.sum(z * 3.0).backward()
    assert y.dtype == xp.float32 and z.dtype == xp.float64 and x.grad.dtype == xp.float64
    np.testing.assert_allclose(to_numpy(z.array), A.astype(np.float32))
    np.testing.assert_array_equal(to_numpy(x.grad), np.full((2, 3), 3.0))


def test_cast_from_integers_gives_no_gradient_and_same_dtype_without_backprop_is_identity():
    i = Variable(np.arange(3))
    F.sum(F.cast(i, "float64") * 2.0).backward()
    assert i.grad is None
    x = Variable(A)
    with flexgrad.no_backprop_mode():
        assert F.cast(x, np.float64) is x
    assert F.cast(x, np.float64) is not x


ERRORS = {
    "concat of one array": (lambda: F.concat(A), InvalidTypeError, "concat: argument 'xs'"),
    "concat of nothing": (lambda: F.concat([]), InvalidValueError, "concat: argument 'xs'"),
    "concat of a float": (lambda: F.concat([A, 1.0]), InvalidTypeError, "argument 'xs[1]'"),
    "concat of dtypes": (
        lambda: F.concat([A, B.astype(np.float32)]), InvalidTypeError, "argument 'xs[1]'"),
    "concat of shapes": (lambda: F.concat([A, B.T]), InvalidValueError, "argument 'xs[1]'"),
    "concat of 0-d": (lambda: F.concat([A[0, 0]], 0), InvalidValueError, "argument 'xs[0]'"),
    "concat axis": (lambda: F.concat([A, A], 2), InvalidValueError, "concat: argument 'axis'"),
    "stack of shapes": (lambda: F.stack([A, B]), InvalidValueError, "stack: argument 'xs[1]'"),
    "stack axis": (lambda: F.stack([A, A], 3), InvalidValueError, "stack: argument 'axis'"),
    "split_axis sections": (
        lambda: F.split_axis(A, 2, 1), InvalidValueError, "split_axis: argument 'indices_or"),
    "split_axis unsorted": (
        lambda: F.split_axis(A, [2, 1], 1), InvalidValueError, "sorted split points"),
    "split_axis too far": (
        lambda: F.split_axis(A, [4], 1), InvalidValueError, "split points in [-3, 3]"),
    "split_axis floats": (
        lambda: F.split_axis(A, 1.5, 1), InvalidTypeError, "split_axis: argument 'indices_or"),
    "split_axis axis": (lambda: F.split_axis(A, 1, 2), InvalidValueError, "argument 'axis'"),
    "repeat negative": (lambda: F.repeat(A, -1), InvalidValueError, "repeat: argument 'repeats'"),
    "repeat float": (lambda: F.repeat(A, 1.5), InvalidTypeError, "repeat: argument 'repeats'"),
    "repeat length": (
        lambda: F.repeat(A, (1, 2), axis=1), InvalidValueError, "one int or 3 ints"),
    "repeat bool axis": (lambda: F.repeat(A, 2, axis=True), InvalidTypeError, "argument 'axis'"),
    "repeat of a list": (lambda: F.repeat([1.0], 2), InvalidTypeError, "repeat: argument 'x'"),
    "tile reps": (lambda: F.tile(A, (2, None)), InvalidTypeError, "tile: argument 'reps'"),
    "flip axis": (lambda: F.flip(A, 2), InvalidValueError, "flip: argument 'axis'"),
    "flip no axis": (lambda: F.flip(A, None), InvalidTypeError, "flip: argument 'axis'"),
    "cast typ": (lambda: F.cast(A, "float99"), InvalidTypeError, "cast: argument 'typ'"),
}


@pytest.mark.parametrize("call, error, text", ERRORS.values(), ids=ERRORS.keys())
def test_bad_arguments_raise_errors_naming_function_and_argument(call, error, text):
    with pytest.raises(error) as info:
        call()
    assert text in str(info.value)


def test_inputs_on_different_backends_are_named():
    with pytest.raises(flexgrad.errors.BackendMismatchError, match="numpy.*dask"):
        F.concat([A, on("@dask", A)])
