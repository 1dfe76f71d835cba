"""check_backward, check_double_backward and numerical_grad: they pass right code, fail wrong."""

from __future__ import annotations

import numpy as np
import pytest
from kit_nodes import (
    Cube,
    CubeOneElementOff,
    CubeRawBackward,
    CubeWrongGrad,
    CubeWrongSecond,
    MulWrongY,
    ScaleIgnoringLabels,
    fresh,
    on,
)

import flexgrad
import flexgrad.functions as F
from flexgrad.errors import InvalidValueError
from flexgrad.testing import (
    GradientCheckError,
    NondifferentiableError,
    check_backward,
    check_double_backward,
    numerical_grad,
)

BACKENDS = ["numpy", "dask", "array_api_strict"]
RNG = np.random.default_rng(0)
X = RNG.uniform(0.5, 2.0, (3, 4))
Y = RNG.uniform(0.5, 2.0, (3, 4))


@pytest.mark.parametrize("backend", BACKENDS)
def test_check_backward_passes_a_right_backward(backend):
    check_backward(fresh(Cube), on(backend, X))


@pytest.mark.parametrize("backend", BACKENDS)
def test_check_backward_fails_a_wrong_backward(backend):
    with pytest.raises(GradientCheckError, match=r"x_data\[0\].*backward gives .* and central "
                       r"differences .*error"):
        check_backward(fresh(CubeWrongGrad), on(backend, X))


def test_the_failure_is_an_assertion_error_naming_the_wrong_input_only():
    with pytest.raises(AssertionError) as info:
        check_backward(fresh(MulWrongY), (X, Y))
    assert "x_data[1]" in str(info.value)
    assert "x_data[0]" not in str(info.value)


def test_the_failure_points_at_the_wrong_element():
    with pytest.raises(GradientCheckError, match=r"max error 1 at index \(0, 0\)"):
        check_backward(fresh(CubeOneElementOff), X)


def test_float32_function_checked_in_float64():
    x32 = X.astype(np.float32)
    check_backward(fresh(Cube), x32, dtype="float64", atol=1e-4, rtol=1e-3)
    with pytest.raises(GradientCheckError):
        check_backward(fresh(CubeWrongGrad), x32, dtype="float64", atol=1e-4, rtol=1e-3)


def test_integer_inputs_need_no_gradient_and_must_get_none():
    labels = np.array([0, 2, 1])
    x = X[:, 0]
    check_backward(fresh(ScaleIgnoringLabels), (x, labels))
    with pytest.raises(GradientCheckError, match=r"x_data\[1\].*has no gradient"):
        check_backward(fresh(ScaleIgnoringLabels, True), (x, labels))


def test_no_grads_skips_a_float_input():
    check_backward(fresh(MulWrongY), (X, Y), no_grads=[False, True])
    with pytest.raises(InvalidValueError, match="no_grads"):
        check_backward(fresh(MulWrongY), (X, Y), no_grads=[False])


def test_parameters_are_checked_too():
    w = flexgrad.Parameter(RNG.uniform(0.5, 2.0, (4,)))
    check_backward(lambda x: x * w, X, params=w)
    v = flexgrad.Parameter(Y.astype(np.float32))
    wrong = fresh(MulWrongY)
    with pytest.raises(GradientCheckError, match=r"params\[0\]: along a random direction"):
        check_backward(lambda x: wrong(x, v), X.astype(np.float32), params=(v,),
                       dtype="float64", atol=1e-4, rtol=1e-3)
    assert v.array.dtype == np.float32  # restored after the check


def test_a_gradient_of_the_wrong_shape_fails():
    w = flexgrad.Parameter(RNG.uniform(0.5, 2.0, (4,)))
    wrong = fresh(MulWrongY)  # does not sum its gradient back over the broadcast axis
    with pytest.raises(GradientCheckError, match=r"gradient of params\[0\] should match"):
        check_backward(lambda x: wrong(x, w), X, params=w)


def test_y_grad_defaults_and_validation():
    check_backward(lambda x: F.sum(x * x), X)  # one element: starts from 1
    check_backward(lambda x: x * x, X)  # several: a drawn y_grad
    check_backward(lambda x: x * x, X, np.ones_like(X))
    with pytest.raises(InvalidValueError, match="y_grad"):
        check_backward(lambda x: x * x, X, np.ones((2, 2)))
    with pytest.raises(InvalidValueError, match="y_grad"):
        check_backward(lambda x: x * x, X, (np.ones_like(X), np.ones_like(X)))


def test_several_outputs_and_outputs_without_gradient():
    def two(x):
        return x * x, F.sum(x, axis=0)

    check_backward(two, X, (None, np.ones(4)))
    check_backward(two, X, (RNG.normal(size=X.shape), None))
    check_backward(lambda x: F.split_axis(x, 3, axis=0), X)


def test_a_gradient_of_the_wrong_dtype_fails():
    class Upcast(Cube):
        def backward(self, indexes, grad_outputs):
            (x,) = self.get_retained_inputs()
            return (F.cast(grad_outputs[0] * 3.0 * x * x, "float64"),)

    with pytest.raises(GradientCheckError, match="should match its input"):
        check_backward(fresh(Upcast), X.astype(np.float32), dtype="float64")


def test_nondifferentiable_points_are_detected_on_request():
    at_kink = np.array([0.0, 1.0, -1.0])
    with pytest.raises(NondifferentiableError):
        check_backward(F.absolute, at_kink, detect_nondifferentiable=True)
    check_backward(F.absolute, np.array([0.5, 1.0, -1.0]), detect_nondifferentiable=True)


@pytest.mark.parametrize("backend", BACKENDS)
def test_double_backward_passes_a_differentiable_backward(backend):
    x, gy, ggx = (on(backend, a) for a in (X, RNG.normal(size=X.shape), RNG.normal(size=X.shape)))
    check_double_backward(fresh(Cube), x, gy, ggx)


@pytest.mark.parametrize("node", [CubeRawBackward, CubeWrongSecond])
def test_double_backward_fails_a_graph_breaking_or_wrong_backward(node):
    with pytest.raises(GradientCheckError, match=r"check_double_backward: .*x_data\[0\]"):
        check_double_backward(fresh(node), X, None, None)


@pytest.mark.parametrize("node", [CubeRawBackward, CubeWrongSecond, CubeWrongGrad])
def test_double_backward_checks_only_the_second_order(node):
    if node is CubeWrongGrad:  # consistently wrong: differentiating it is right
        check_double_backward(fresh(node), X, None, None)
    else:  # right first order, wrong second
        check_backward(fresh(node), X)


def test_double_backward_with_two_inputs_and_parameters():
    w = flexgrad.Parameter(RNG.uniform(0.5, 2.0, (4,)))
    check_double_backward(lambda x, y: x * y * w, (X, Y), None, None, params=w)
    check_double_backward(lambda x, y: x * y * w, (X, Y), None, (X, Y), params=w,
                          params_grad_grad=(np.ones(4),))


def test_double_backward_skips_integer_inputs():
    labels = np.array([0, 2, 1])
    check_double_backward(lambda x, t: fresh(ScaleIgnoringLabels)(x * x, t), (X[:, 0], labels),
                          None, None)


@pytest.mark.parametrize("backend", BACKENDS)
def test_numerical_grad_matches_the_derivative(backend):
    x = on(backend, X)
    gy = on(backend, np.ones_like(X))
    (gx,) = numerical_grad(lambda: x * x * x, [x], [gy])
    got = flexgrad.backends.backend_of(gx).to_numpy(gx)
    np.testing.assert_allclose(got, 3 * X * X, rtol=1e-5)
    np.testing.assert_array_equal(flexgrad.backends.backend_of(x).to_numpy(x), X)  # restored


def test_numerical_grad_rejects_a_bad_eps():
    with pytest.raises(ValueError, match="eps"):
        numerical_grad(lambda: X, [X], [X], eps=0.0)


@pytest.mark.parametrize("func", [F.tanh, F.sigmoid, F.exp, F.sin])
def test_float32_checks_pass_right_ops_at_the_default_tolerances(func):
    for seed in range(20):
        x = np.random.default_rng(seed).uniform(-3.0, 3.0, (5, 4)).astype(np.float32)
        check_backward(func, x)
        check_double_backward(func, x, None, None)


def test_float32_defaults_still_fail_a_wrong_backward():
    with pytest.raises(GradientCheckError, match="disagrees with central differences"):
        check_backward(fresh(CubeWrongGrad), X.astype(np.float32))
    with pytest.raises(GradientCheckError, match="disagrees with central differences"):
        check_double_backward(fresh(CubeWrongSecond), X.astype(np.float32), None, None)
