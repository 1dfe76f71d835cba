"""Debug mode's NaN/Inf check holds when no graph is recorded (issue 15): raw-array inputs,
no_backprop_mode, and evaluation all raise, naming the op."""

from __future__ import annotations

import numpy as np
import pytest

import flexgrad
import flexgrad.functions as F
from flexgrad.errors import NumericalError


@pytest.mark.parametrize("make", [
    lambda: F.log(np.array([-1.0])),
    lambda: F.log(flexgrad.Variable(np.array([-1.0]), requires_grad=False)),
], ids=["raw array", "constant Variable"])
def test_a_nan_without_a_graph_raises_in_debug_mode(make):
    with flexgrad.using_config("debug", True), np.errstate(all="ignore"), \
            pytest.raises(NumericalError, match="log"):
        make()


def test_no_backprop_mode_and_evaluation_are_checked_too():
    x = flexgrad.Variable(np.array([0.0]))
    with flexgrad.using_config("debug", True), flexgrad.no_backprop_mode(), \
            np.errstate(all="ignore"), pytest.raises(NumericalError, match="log"):
        F.log(x)
    with flexgrad.using_config("debug", True), flexgrad.using_config("train", False), \
            flexgrad.no_backprop_mode(), np.errstate(all="ignore"), \
            pytest.raises(NumericalError):
        F.sqrt(np.array([-4.0]))


def test_outside_debug_mode_nothing_is_checked():
    with np.errstate(invalid="ignore"):
        assert np.isnan(F.log(np.array([-1.0])).array).all()
