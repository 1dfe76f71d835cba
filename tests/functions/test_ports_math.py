"""The functions ported from Chainer for issue 13 (part A), where the op table cannot see:
the standard-only special functions far into their tails, errors on libraries without
linalg or fft, rrelu's draws, the metrics' conventions, CooMatrix and bad arguments."""

import array_api_strict
import numpy as np
import pytest
from scipy import special

import flexgrad
import flexgrad.functions as F
from flexgrad.backends import Backend, get_backend
from flexgrad.errors import InvalidTypeError, InvalidValueError
from flexgrad.utils import CooMatrix, to_coo

NUMPY = get_backend("numpy")
TAILS = {
    "erfinv": np.array([-1.0, -1 + 1e-15, -0.3, 0.0, 1e-12, 0.5, 0.999999, 1.0]),
    "erfcinv": np.array([0.0, 1e-300, 1e-20, 0.2, 1.0, 1.5, 2 - 1e-15, 2.0]),
    "erfcx": np.array([-25.0, -3.0, -0.5, 0.0, 0.9, 1.1, 7.9, 8.1, 25.9, 26.1, 1e3, 1e300]),
    "ndtr": np.array([-37.0, -8.0, -1.0, 0.0, 2.0, 8.0]),
    "log_ndtr": np.array([-1e3, -40.0, -5.0, -0.1, 0.0, 3.0, 8.0]),
    "ndtri": np.array([0.0, 1e-300, 1e-10, 0.3, 0.5, 0.9, 1 - 1e-10, 1.0]),
}


@pytest.mark.parametrize("name", sorted(TAILS))
def test_standard_only_special_functions_match_scipy_in_their_tails(name):
    x = TAILS[name]
    np.testing.assert_allclose(Backend.special(NUMPY, name, x), getattr(special, name)(x),
                               rtol=1e-13, atol=0)


def test_standard_only_zeta_matches_scipy():
    s, q = np.array([[1.1], [2.0], [4.5]]), np.array([0.05, 0.5, 3.0, 40.0])
    np.testing.assert_allclose(Backend.zeta(NUMPY, s, q), special.zeta(s, q), rtol=1e-13)


def test_special_functions_outside_their_domain_are_nan_without_a_warning():
    x = np.array([-0.5, 1.5, 3.0])
    for name in ("erfinv", "erfcinv", "ndtri"):
        assert np.isnan(Backend.special(NUMPY, name, x)[-1]), name


def test_polygamma_takes_an_order_per_element_and_refuses_a_negative_order():
    x = np.array([0.5, 1.5, 2.5])
    y = F.polygamma(np.array([0, 2, 1]), x)
    np.testing.assert_allclose(y.array, special.polygamma([0, 2, 1], x), rtol=1e-12)
    with pytest.raises(InvalidValueError, match="polygamma.*'n'"):
        F.polygamma(-1, x)


@pytest.mark.parametrize("name,extension,call", [
    ("det", "linalg", lambda x: F.det(x)), ("cholesky", "linalg", lambda x: F.cholesky(x)),
    ("fft", "fft", lambda x: F.fft((x, x))),
])
def test_a_library_without_the_extension_gets_an_error_naming_it(name, extension, call):
    x = array_api_strict.asarray(np.eye(2))
    with array_api_strict.ArrayAPIStrictFlags(enabled_extensions=()):
        with pytest.raises(InvalidTypeError,
                           match=f"{name}: array_api_strict arrays have no {extension}"):
            call(x)


def test_linalg_refuses_what_is_not_a_square_matrix():
    with pytest.raises(InvalidValueError, match="det: argument 'a' expected a square"):
        F.det(np.ones((2, 3)))
    with pytest.raises(InvalidValueError, match=r"batch_inv: .*\(b, n, n\)"):
        F.batch_inv(np.ones((2, 2)))


def test_cholesky_gradient_is_symmetric_and_ifft_undoes_fft():
    a = flexgrad.Variable(np.array([[4.0, 1.0], [1.0, 3.0]]))
    F.sum(F.cholesky(a) * np.array([[1.0, 0.0], [2.0, 3.0]])).backward()
    np.testing.assert_allclose(a.grad, a.grad.T)
    x = (np.arange(6.0).reshape(2, 3), np.ones((2, 3)))
    back = F.ifft(F.fft(x))
    np.testing.assert_allclose(back[0].array, x[0], atol=1e-12)
    np.testing.assert_allclose(back[1].array, x[1], atol=1e-12)


def test_rrelu_draws_seeded_slopes_in_training_and_their_mean_in_test_mode():
    x = -np.ones((3, 4), dtype=np.float32)
    flexgrad.set_seed(3)
    y, r = F.rrelu(x, 0.1, 0.3, return_r=True)
    flexgrad.set_seed(3)
    assert np.array_equal(F.rrelu(x, 0.1, 0.3).array, y.array)
    assert r.dtype == np.float32 and np.all((r >= 0.1) & (r < 0.3))
    np.testing.assert_array_equal(y.array, -r)
    with flexgrad.using_config("train", False):
        y, r = F.rrelu(x, 0.1, 0.3, return_r=True)
        np.testing.assert_allclose(r, 0.2)
        np.testing.assert_allclose(y.array, -0.2)
    with pytest.raises(InvalidTypeError, match="rrelu: argument 'r'"):
        F.rrelu(x, r=np.ones(3))


def test_rrelu_draws_on_the_inputs_backend():
    torch = pytest.importorskip("torch")
    _, r = F.rrelu(torch.full((2, 3), -1.0), return_r=True)
    assert isinstance(r, torch.Tensor) and r.dtype == torch.float32


def test_classification_summary_ignores_a_label_and_gives_nan_for_an_absent_class():
    y = np.array([[0.9, 0.1, 0.0], [0.2, 0.8, 0.0], [0.7, 0.3, 0.0], [0.0, 0.1, 0.9]])
    t = np.array([0, 1, 1, -1])
    with np.errstate(all="raise"):
        p, r, f, support = F.classification_summary(y, t, label_num=3)
    np.testing.assert_allclose(p.array, [0.5, 1.0, np.nan])
    np.testing.assert_allclose(r.array, [1.0, 0.5, np.nan])
    np.testing.assert_allclose(f.array, [2 / 3, 2 / 3, np.nan])
    np.testing.assert_array_equal(support.array, [1, 2, 0])
    assert not p.requires_grad
    assert F.precision(y, t)[0].shape == (2,)  # label_num None: the largest label + 1


def test_to_coo_pads_a_batch_and_sparse_matmul_needs_one_sparse_operand():
    dense = np.array([[[0.0, 1.0], [2.0, 3.0]], [[0.0, 0.0], [4.0, 0.0]]])
    coo = to_coo(dense, ldnz=4)
    assert coo.data.shape == (2, 4) and coo.row[1, 1] == -1
    np.testing.assert_array_equal(coo.to_dense(), dense)
    assert repr(coo) == "CooMatrix(2 x (2, 2), nnz=4)"
    with pytest.raises(InvalidTypeError, match="exactly one CooMatrix"):
        F.sparse_matmul(dense[0], dense[0])
    with pytest.raises(InvalidValueError, match=r"sparse_matmul: argument 'b'.*\(2, 2, n\)"):
        F.sparse_matmul(coo, np.ones((2, 3, 1)))
    with pytest.raises(InvalidTypeError, match="CooMatrix: argument 'row'"):
        CooMatrix(np.ones(2), np.zeros(3, np.int32), np.zeros(2, np.int32), (2, 2))


def test_options_the_op_table_leaves_out():
    x = np.arange(12.0).reshape(3, 4)
    np.testing.assert_array_equal(  # strides that read out of order, in elements
        F.as_strided(x, (2, 2, 2), (4, 1, 6)).array,
        np.lib.stride_tricks.as_strided(x, (2, 2, 2), (32, 8, 48)))
    one = flexgrad.Variable(x)
    assert F.broadcast(one).array is x  # one input: the Variable itself, as in Chainer
    h = np.array([[1.0, 2.0, 0.0], [-1.0, 0.0, 4.0]])
    covariance = F.decov(h, reduce="no").array
    assert np.all(np.diag(covariance) == 0)
    np.testing.assert_allclose(np.sum(covariance**2) / 2, F.decov(h).array)
    np.testing.assert_allclose(F.polygamma(1, np.array([1.0])).array, np.pi**2 / 6)


@pytest.mark.parametrize("call,match", [
    (lambda: F.as_strided(np.arange(4.0), (3,), (2,)), "as_strided: argument 'strides'"),
    (lambda: F.shift(np.ones((1, 9, 2, 2)), ksize=2), "shift: argument 'ksize'"),
    (lambda: F.shift(np.ones((1, 8, 2, 2))), r"shift: .*c >= 9"),
    (lambda: F.broadcast(np.ones(2), np.ones(3)), "broadcast: argument 'xs'"),
    (lambda: F.fliplr(np.ones(3)), "fliplr: argument 'x' expected an array with at least 2"),
    (lambda: F.triplet(np.ones((2, 2)), np.ones((2, 2)), np.ones((2, 3))), "triplet"),
    (lambda: F.contrastive(np.ones((2, 2)), np.ones((2, 2)), np.ones(2)), "contrastive.*'y'"),
])
def test_bad_arguments_get_errors_naming_the_function_and_argument(call, match):
    with pytest.raises((InvalidTypeError, InvalidValueError), match=match):
        call()
