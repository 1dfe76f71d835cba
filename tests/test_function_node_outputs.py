"""FunctionNode.apply keeps forward on its backend: a tuple of the inputs' library's arrays."""

from __future__ import annotations

import numpy as np
import pytest

import flexgrad
from flexgrad.errors import BackendMismatchError, InvalidTypeError

X = np.arange(12.0).reshape(4, 3)


class ReturnsBareArray(flexgrad.FunctionNode):
    def forward(self, inputs):
        return inputs[0] * 2.0


class ExpOnNumpy(flexgrad.FunctionNode):
    """exp through NumPy whatever the inputs' library: leaves Dask and array_api_strict."""

    def forward(self, inputs):
        return (np.exp(np.asarray(inputs[0])),)


class SumToNumpyScalar(flexgrad.FunctionNode):
    def forward(self, inputs):
        return (np.sum(inputs[0]), np.float32(1.5))


def _variables(backend: str, requires_grad: bool):
    return (flexgrad.Variable(flexgrad.get_device("@" + backend).send(X),
                              requires_grad=requires_grad),)


@pytest.mark.parametrize("requires_grad", [True, False])
def test_a_bare_array_from_forward_is_refused_naming_the_op(requires_grad):
    with pytest.raises(InvalidTypeError, match=r"ReturnsBareArray.forward: expected a tuple of "
                       r"output arrays, got float64 array of shape \(4, 3\) on numpy; return "
                       r"\(y,\)"):
        ReturnsBareArray().apply(_variables("numpy", requires_grad))


@pytest.mark.parametrize("backend", ["dask", "array_api_strict"])
@pytest.mark.parametrize("requires_grad", [True, False])
def test_another_librarys_array_from_forward_is_refused(backend, requires_grad):
    with pytest.raises(BackendMismatchError, match=rf"ExpOnNumpy.forward: output 0 expected "
                       rf"an array of its inputs' backend \({backend}\), got float64 array "
                       r"of shape \(4, 3\) on numpy; forward left the backend"):
        ExpOnNumpy().apply(_variables(backend, requires_grad))


@pytest.mark.parametrize("requires_grad", [True, False])
def test_numpy_scalars_on_numpy_become_0d_arrays(requires_grad):
    total, half = SumToNumpyScalar().apply(_variables("numpy", requires_grad))
    assert type(total.array) is np.ndarray and total.array.shape == ()
    assert type(half.array) is np.ndarray and half.array.dtype == np.float32
    assert float(total.array) == X.sum()


def test_a_python_number_from_forward_is_refused():
    class ReturnsFloat(flexgrad.FunctionNode):
        def forward(self, inputs):
            return (1.0,)

    with pytest.raises(BackendMismatchError, match=r"output 0 expected an array of its "
                       r"inputs' backend \(numpy\), got float 1.0"):
        ReturnsFloat().apply(_variables("numpy", True))
