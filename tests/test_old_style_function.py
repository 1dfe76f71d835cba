"""Chainer's old-style Function (forward and backward on arrays) and type_check."""

from __future__ import annotations

import numpy as np
import pytest

import flexgrad
import flexgrad.functions as F
from flexgrad.errors import GraphReleasedError
from flexgrad.utils import type_check


class MulAdd(flexgrad.Function):
    """x * y + z, as a Chainer 1 tutorial writes it."""

    def check_type_forward(self, in_types):
        type_check.expect(in_types.size() == 3)
        x_type, y_type, z_type = in_types
        type_check.expect(
            x_type.dtype.kind == "f",
            x_type.dtype == y_type.dtype,
            x_type.shape == y_type.shape,
        )

    def forward_cpu(self, inputs):
        x, y, z = inputs
        return x * y + z,

    def backward_cpu(self, inputs, grad_outputs):
        x, y, _ = inputs
        gw, = grad_outputs
        return y * gw, x * gw, gw


class Exp(flexgrad.Function):
    """Keeps only its output, read back as output_data."""

    def forward(self, inputs):
        self.retain_inputs(())
        self.retain_outputs((0,))
        xp = flexgrad.get_array_module(inputs[0])
        return xp.exp(inputs[0]),

    def backward(self, inputs, grad_outputs):
        assert inputs == (None,)
        return self.output_data[0] * grad_outputs[0],


def test_gradients_flow_through_an_old_style_function():
    x, y, z = (flexgrad.Variable(np.arange(3.0) + k) for k in (1, 2, 3))
    w = MulAdd()(x, y, z)
    F.sum(w * w).backward()
    gw = 2 * w.array
    np.testing.assert_allclose(x.grad, y.array * gw)
    np.testing.assert_allclose(y.grad, x.array * gw)
    np.testing.assert_allclose(z.grad, gw)
    assert w.creator.label == "MulAdd"


@pytest.mark.parametrize("spec", ["@numpy", "@dask", "@array_api_strict", "@torch", "@jax"])
def test_a_generic_forward_runs_on_every_backend_with_retained_outputs(spec):
    x = flexgrad.Variable(flexgrad.get_device(spec).send(np.array([0.0, 1.0])))
    y = Exp()(x)
    F.sum(y).backward()
    np.testing.assert_allclose(flexgrad.cuda.to_cpu(x.grad), np.exp([0.0, 1.0]))


def test_cpu_only_functions_say_so_on_other_backends():
    x = flexgrad.get_device("@array_api_strict").send(np.ones(2))
    with pytest.raises(NotImplementedError, match="MulAdd.forward is not implemented for "
                                                  "array_api_strict"):
        MulAdd()(x, x, x)


def test_type_check_names_the_failed_condition():
    with pytest.raises(type_check.InvalidType, match=r"expected x_type.dtype == y_type.dtype"):
        MulAdd()(np.ones(2), np.ones(2, np.float32), np.ones(2))
    with pytest.raises(type_check.InvalidType, match=r"expected in_types.size\(\) == 3"):
        MulAdd()(np.ones(2), np.ones(2))
    with flexgrad.using_config("type_check", False), pytest.raises(ValueError):
        MulAdd()(np.ones(2), np.ones(3), np.ones(2))  # unchecked: NumPy's own error
    assert issubclass(type_check.InvalidType, TypeError)


def test_no_double_backprop_and_a_released_graph_says_so():
    x = flexgrad.Variable(np.array([1.0, 2.0]))
    two, one = np.full(2, 2.0), np.ones(2)
    y = MulAdd()(x, two, one)
    gx, = flexgrad.grad([F.sum(y)], [x], enable_double_backprop=True)
    assert gx.creator is None, "old-style gradients are arrays: no graph above them"
    np.testing.assert_array_equal(gx.array, two)
    F.sum(y).backward()
    with pytest.raises(GraphReleasedError):
        F.sum(y).backward()


def test_bad_returns_are_named():
    class NotATuple(flexgrad.Function):
        def forward(self, inputs):
            return inputs[0]

    class TooFewGrads(flexgrad.Function):
        def forward(self, inputs):
            return inputs[0] * inputs[1],

        def backward(self, inputs, grad_outputs):
            return grad_outputs[0],

    with pytest.raises(TypeError, match="NotATuple.forward must return a tuple"):
        NotATuple()(np.ones(2))
    x = flexgrad.Variable(np.ones(2))
    y = TooFewGrads()(x, x)
    with pytest.raises(TypeError, match=r"one gradient \(or None\) per input \(2\)"):
        F.sum(y).backward()


def test_type_info_reads_dtypes_like_chainer():
    import array_api_strict as xs

    info = type_check.get_types((np.ones((2, 3), np.float32), xs.ones(4, dtype=xs.int64)))
    assert info.size() == 2 and info[0].shape == (2, 3) and info[0].ndim == 2
    assert info[0].dtype == np.float32 and info[0].dtype == "float32"
    assert info[0].dtype.kind == "f" and info[0].dtype.itemsize == 4
    assert info[1].dtype == np.int64 and info[1].dtype.kind == "i"
    assert type_check.prod(info[0].shape) == 6 and type_check.eval(3) == 3
    assert type_check.same_types(np.ones(1), np.zeros(2))
