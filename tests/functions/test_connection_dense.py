"""linear, embed_id and bilinear: Chainer's documented behaviour, the gradients each
computes only when asked, and the errors for bad input."""

import dask.array as da
import numpy as np
import pytest

import flexgrad
import flexgrad.functions as F
from flexgrad.errors import InvalidTypeError, InvalidValueError

RNG = np.random.default_rng(0)


def test_linear_is_x_w_transposed_plus_b():
    x, W, b = RNG.standard_normal((3, 4)), RNG.standard_normal((2, 4)), RNG.standard_normal(2)
    np.testing.assert_allclose(F.linear(x, W, b).array, x @ W.T + b)
    np.testing.assert_allclose(F.linear(x, W).array, x @ W.T)


def test_linear_flattens_features_and_keeps_batch_axes():
    x, W = RNG.standard_normal((2, 3, 2, 2)), RNG.standard_normal((5, 4))
    y = F.linear(x, W, n_batch_axes=2)
    assert y.shape == (2, 3, 5)
    np.testing.assert_allclose(y.array, x.reshape(6, 4).dot(W.T).reshape(2, 3, 5))
    assert F.linear(x, RNG.standard_normal((5, 12))).shape == (2, 5)


def test_linear_computes_only_the_gradients_asked_for():
    x = flexgrad.Variable(RNG.standard_normal((3, 4)), requires_grad=False)
    W = flexgrad.Parameter(RNG.standard_normal((2, 4)))
    b = flexgrad.Parameter(np.zeros(2))
    F.sum(F.linear(x, W, b)).backward()
    assert x.grad is None
    np.testing.assert_allclose(W.grad, np.tile(x.array.sum(axis=0), (2, 1)))
    np.testing.assert_allclose(b.grad, [3.0, 3.0])


def test_linear_leaves_its_inputs_alone():
    x, W, b = np.ones((2, 3)), np.ones((4, 3)), np.arange(4.0)
    F.linear(x, W, b)
    np.testing.assert_array_equal(b, np.arange(4.0))


@pytest.mark.parametrize("call, arg", [
    (lambda: F.linear(np.ones((2, 3)), np.ones((4, 2))), "'W'"),
    (lambda: F.linear(np.ones((2, 3)), np.ones((4, 3)), np.ones(3)), "'b'"),
    (lambda: F.linear(np.ones(3), np.ones((4, 3))), "'x'"),
    (lambda: F.linear(np.ones((2, 3)), np.ones((4, 3)), n_batch_axes=0), "'n_batch_axes'"),
    (lambda: F.embed_id(np.array([0, 3]), np.ones((3, 2))), "'x'"),
    (lambda: F.embed_id(np.array([-2]), np.ones((3, 2)), ignore_label=-1), "'x'"),
    (lambda: F.embed_id(np.array([0]), np.ones(3)), "'W'"),
    (lambda: F.bilinear(np.ones((2, 3)), np.ones((2, 4)), np.ones((3, 3, 2))), "'W'"),
    (lambda: F.bilinear(np.ones((2, 3)), np.ones((1, 4)), np.ones((3, 4, 2))), "'e2'"),
    (lambda: F.bilinear(np.ones((2, 3)), np.ones((2, 4)), np.ones((3, 4, 2)), np.ones((3, 2))),
     "'V1'"),
    (lambda: F.bilinear(np.ones((2, 3)), np.ones((2, 4)), np.ones((3, 4, 2)), np.ones((3, 2)),
                        np.ones((4, 3)), np.ones(2)), "'V2'"),
])
def test_bad_input_names_the_function_and_argument(call, arg):
    # value checks (IDs, offsets) run in debug mode only, as in Chainer
    with flexgrad.using_config("debug", True), pytest.raises(InvalidValueError, match=arg):
        call()


@pytest.mark.parametrize("call, arg", [
    (lambda: F.linear(np.ones((2, 3), np.float32), np.ones((4, 3))), "'W'"),
    (lambda: F.embed_id(np.array([0.0]), np.ones((3, 2))), "'x'"),
    (lambda: F.embed_id(np.array([0]), np.ones((3, 2)), ignore_label=0.5), "'ignore_label'"),
    (lambda: F.bilinear(np.ones((2, 3)), np.ones((2, 4), np.float32), np.ones((3, 4, 2))),
     "'e2'"),
])
def test_bad_types_name_the_function_and_argument(call, arg):
    with pytest.raises(InvalidTypeError, match=arg):
        call()


def test_a_dtype_mismatch_says_flexgrad_does_not_cast():
    x, W = np.ones((2, 3)), np.ones((4, 3), np.float32)
    with pytest.raises(InvalidTypeError, match=r"argument 'W' expected dtype float64 \(that "
                       r"of 'x'; flexgrad never casts silently, so cast 'x' or 'W' with astype"):
        F.linear(x, W)


def test_embed_id_gradient_adds_repeated_ids_and_skips_ignored_ones():
    W = flexgrad.Parameter(RNG.standard_normal((4, 2)))
    x = np.array([[1, 1, -1], [3, 1, -1]])
    y = F.embed_id(x, W, ignore_label=-1)
    np.testing.assert_array_equal(y.array[:, 2], 0.0)
    F.sum(y).backward()
    np.testing.assert_array_equal(W.grad, [[0, 0], [3, 3], [0, 0], [1, 1]])


def test_embed_id_all_ignored_gives_zeros_and_zero_gradient():
    W = flexgrad.Parameter(np.ones((3, 2)))
    F.sum(F.embed_id(np.full((2, 2), 7), W, ignore_label=7)).backward()
    np.testing.assert_array_equal(W.grad, np.zeros((3, 2)))


def test_embed_id_stays_lazy_on_dask():
    """No range check on Dask: it would compute; the lookup itself stays a graph."""
    x = da.from_array(np.array([0, 2, 1]), chunks=2)
    y = F.embed_id(x, da.from_array(np.arange(6.0).reshape(3, 2), chunks=2))
    assert isinstance(y.array, da.Array)
    np.testing.assert_array_equal(y.array.compute(), [[0, 1], [4, 5], [2, 3]])


def test_bilinear_with_and_without_the_linear_terms():
    e1, e2 = RNG.standard_normal((3, 2)), RNG.standard_normal((3, 2, 2))
    W, V1, V2, b = (RNG.standard_normal(s) for s in ((2, 4, 5), (2, 5), (4, 5), (5,)))
    flat = e2.reshape(3, 4)
    expected = np.einsum("ij,ik,jkl->il", e1, flat, W)
    np.testing.assert_allclose(F.bilinear(e1, e2, W).array, expected)
    np.testing.assert_allclose(F.bilinear(e1, e2, W, V1, V2, b).array,
                               expected + e1 @ V1 + flat @ V2 + b)
