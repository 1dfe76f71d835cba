"""check_backprop_paths_agree: the gradient with a recorded graph equals the one without."""

from __future__ import annotations

import numpy as np
import pytest
from kit_nodes import Cube, CubeRawBackward, CubeWrongWhenRecorded, fresh, on

import flexgrad
import flexgrad.functions as F
from flexgrad.testing import GradientCheckError, check_backprop_paths_agree, check_backward

X = np.random.default_rng(0).uniform(0.5, 2.0, (3, 4))


@pytest.mark.parametrize("backend", ["numpy", "dask", "array_api_strict"])
def test_agreeing_paths_pass(backend):
    check_backprop_paths_agree(fresh(Cube), on(backend, X))
    check_backprop_paths_agree(lambda x: F.tanh(x) * F.exp(x), on(backend, X.astype("f4")))


def test_a_gradient_wrong_only_with_a_graph_fails_and_names_the_input():
    wrong = fresh(CubeWrongWhenRecorded)
    check_backward(wrong, X)  # the fast path is right: the usual check passes
    with pytest.raises(GradientCheckError, match=r"differs between backward without a graph "
                       r".* for x_data\[0\]: at index \(\d, \d\) without a graph [\d.]+, with "
                       r"one 0;"):
        check_backprop_paths_agree(wrong, X)


def test_integer_inputs_and_parameters_are_handled():
    w = flexgrad.Parameter(np.ones((4,)))
    labels = np.array([0, 1, 2])
    check_backprop_paths_agree(lambda x, t: F.select_item(x * w, t), (X, labels), params=w)
    check_backprop_paths_agree(fresh(CubeRawBackward), X)


def test_a_parameter_wrong_only_with_a_graph_is_named():
    w = flexgrad.Parameter(X.copy())
    with pytest.raises(GradientCheckError, match=r"params\[0\]"):
        check_backprop_paths_agree(lambda x: fresh(CubeWrongWhenRecorded)(w) + x, X, params=w)
