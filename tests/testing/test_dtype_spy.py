"""no_float64_arrays: a float32 computation that makes a float64 array fails, naming where."""

from __future__ import annotations

import array_api_strict as xp
import numpy as np
import pytest
from kit_nodes import Cube, UpcastOnStrict, fresh

import flexgrad
import flexgrad.functions as F
from flexgrad.testing import DtypeLeakError, assert_backends_agree, no_float64_arrays

X32 = np.random.default_rng(0).uniform(0.5, 2.0, (3, 4)).astype(np.float32)


class RoundTripThroughFloat64(flexgrad.FunctionNode):
    """tanh computed in float64 and cast back: float32 out, right values, twice the cost."""

    def forward(self, inputs):
        (x,) = inputs
        xp_ = self.xp
        return (xp_.astype(xp_.tanh(xp_.astype(x, xp_.float64)), x.dtype),)

    def backward(self, indexes, grad_outputs):
        return (grad_outputs[0],)


def test_float32_work_passes():
    with no_float64_arrays():
        assert_backends_agree(fresh(Cube), [X32], backends=["array_api_strict"])
        assert_backends_agree(F.tanh, [X32], backends=["array_api_strict"])


def test_a_round_trip_through_float64_fails_and_names_the_line():
    with pytest.raises(DtypeLeakError, match=r"created at .*test_dtype_spy.py:\d+ \(return "
                       r"\(xp_.astype\(xp_.tanh"), no_float64_arrays():
        assert_backends_agree(fresh(RoundTripThroughFloat64), [X32],
                              backends=["array_api_strict"])


def test_an_upcast_output_fails_too():
    with pytest.raises(DtypeLeakError), no_float64_arrays():
        assert_backends_agree(fresh(UpcastOnStrict), [X32], backends=["array_api_strict"])


def test_the_spy_is_removed_after_the_block_even_on_error():
    with pytest.raises(DtypeLeakError), no_float64_arrays():
        xp.zeros(3)
    assert xp.zeros(3).dtype == xp.float64


def test_python_scalars_made_0d_by_array_api_strict_pass():
    x = xp.asarray(X32)
    with no_float64_arrays():
        assert xp.clip(x, 0.0, 1.0).dtype == xp.float32
