"""assert_backends_agree: passes functions that agree, names the backend that does not."""

from __future__ import annotations

import numpy as np
import pytest
from kit_nodes import (
    Cube,
    PeekingDouble,
    ScaleByBackend,
    SumWithScalarGrad,
    UpcastOnStrict,
    fresh,
)

import flexgrad
import flexgrad.functions as F
from flexgrad.errors import InvalidValueError
from flexgrad.testing import BackendDisagreementError, assert_backends_agree

RNG = np.random.default_rng(0)
X = RNG.uniform(0.5, 2.0, (4, 3))
W = RNG.normal(size=(3, 2))


def test_agreeing_functions_pass_in_both_precisions():
    for dtype in ("float32", "float64"):
        x, w = X.astype(dtype), W.astype(dtype)
        assert_backends_agree(lambda x, w: F.matmul(F.exp(x), w), [x, w], chunks=[2, (2, 1)])
    assert_backends_agree(fresh(Cube), [X])
    assert_backends_agree(lambda x: F.split_axis(x, 2, axis=0), [X], chunks=1)


@pytest.mark.parametrize("backend", ["dask", "array_api_strict"])
def test_a_forward_that_branches_on_the_backend_fails(backend):
    with pytest.raises(BackendDisagreementError, match=rf"{backend} disagrees with numpy on "
                       r"output 0: max \|difference\|"):
        assert_backends_agree(fresh(ScaleByBackend, backend), [X])


def test_a_backward_that_branches_on_the_backend_fails():
    with pytest.raises(BackendDisagreementError, match=r"array_api_strict disagrees with numpy "
                       r"on the gradient of input 0"):
        assert_backends_agree(fresh(ScaleByBackend, "", "array_api_strict"), [X])


def test_computing_inside_forward_on_dask_fails():
    with pytest.raises(BackendDisagreementError, match="dask computed a value"):
        assert_backends_agree(fresh(PeekingDouble), [X], backends=["dask"])
    assert_backends_agree(fresh(PeekingDouble), [X], backends=["array_api_strict"])


def test_a_dtype_change_on_one_backend_fails():
    with pytest.raises(BackendDisagreementError, match="float64 of shape .* numpy's is float32"):
        assert_backends_agree(fresh(UpcastOnStrict), [X.astype(np.float32)])


def test_an_output_that_leaves_the_backend_fails():
    def zeros_on_host(x):
        return flexgrad.Variable(np.zeros(x.shape))

    with pytest.raises(BackendDisagreementError, match="on dask, output 0 is a numpy.ndarray"):
        assert_backends_agree(zeros_on_host, [X], backends=["dask"])


def test_an_error_on_one_backend_names_it():
    def mixes_in_numpy(x):
        return x * np.ones(x.shape)

    with pytest.raises(BackendDisagreementError, match="array_api_strict raised where numpy "
                       "did not: BackendMismatchError"):
        assert_backends_agree(mixes_in_numpy, [X], backends=["array_api_strict"])


def test_given_chunks_and_grad_outputs_are_used():
    seen = []

    def record(x):
        seen.append(getattr(x.array, "chunks", None))
        return x * 2.0

    assert_backends_agree(record, [X], backends=["dask"], chunks=[((1, 3), (2, 1))],
                          grad_outputs=[np.ones_like(X)])
    assert ((1, 3), (2, 1)) in seen


def test_arguments_are_validated():
    with pytest.raises(InvalidValueError, match="chunks"):
        assert_backends_agree(lambda x: x * 2.0, [X], chunks=[2, 2])
    with pytest.raises(InvalidValueError, match="grad_outputs"):
        assert_backends_agree(lambda x: x * 2.0, [X], grad_outputs=[X, X])


def test_integer_inputs_are_passed_without_gradient():
    labels = np.array([0, 2, 1, 0])
    assert_backends_agree(lambda x, t: F.get_item(x, (slice(None), 0)) * 2.0, [X, labels])


def test_an_agreement_check_with_no_other_backend_refuses_to_pass_empty():
    for names in ([], ["numpy"], "dask"):
        with pytest.raises(InvalidValueError, match="at least one backend besides numpy"):
            assert_backends_agree(lambda x: x * 2.0, [X], backends=names)


def test_an_all_nan_result_fails_unless_expected():
    def nan_out(x):
        return F.log(x - 10.0)

    with np.errstate(invalid="ignore"):
        with pytest.raises(BackendDisagreementError, match="output 0: all 12 elements are NaN"):
            assert_backends_agree(nan_out, [X], backends=["dask"])
        assert_backends_agree(nan_out, [X], backends=["dask"], allow_all_nan=True)


def test_nan_where_numpy_has_nan_agrees_and_equal_nan_false_refuses_it():
    def some_nan(x):
        return F.log(x - 1.0)  # NaN below 1, finite above

    x = np.array([0.5, 2.0, 3.0])
    with np.errstate(invalid="ignore"):
        assert_backends_agree(some_nan, [x], backends=["dask"])
        with pytest.raises(BackendDisagreementError, match="output 0"):
            assert_backends_agree(some_nan, [x], backends=["dask"], equal_nan=False)


def test_a_numpy_scalar_from_backward_is_not_leaving_the_backend():
    assert_backends_agree(fresh(SumWithScalarGrad), [np.array(2.0)])


def test_float32_tanh_agrees_at_the_default_tolerances():
    x = np.random.default_rng(1).uniform(-3.0, 3.0, (64, 8)).astype(np.float32)
    assert_backends_agree(F.tanh, [x], chunks=[(16, 4)])
