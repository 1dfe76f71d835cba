"""The engine on what define-by-run is for: per-iteration and per-sample graphs, fan-out,
truncated backprop, double backprop, and gradients without side effects."""

import gc
import weakref

import numpy as np
import pytest

import flexgrad
import flexgrad.functions as F
from flexgrad import FunctionNode, Variable
from flexgrad.errors import GraphReleasedError, InvalidValueError, NumericalError


def total(y):
    return F.sum_to(y, ())


def test_graph_differs_per_iteration():
    """Python control flow on data decides how many ops run; each graph backprops right."""
    w = Variable(np.array([0.9]))
    for depth in (1, 3, 5):
        w.cleargrad()
        h = Variable(np.array([2.0]), requires_grad=False)
        for _ in range(depth):
            h = h * w
        total(h).backward()
        np.testing.assert_allclose(w.grad, depth * 2.0 * 0.9 ** (depth - 1))


def test_graph_differs_per_sample():
    """Each sample takes its own branch chosen by its value; grads match the branches."""
    w = Variable(np.array([1.5]))
    samples = [np.array([-1.0]), np.array([2.0]), np.array([3.0])]
    loss = None
    for x in samples:
        y = w * x if x[0] > 0 else w * w * x
        loss = y if loss is None else loss + y
    total(loss).backward()
    expected = sum(x[0] if x[0] > 0 else 2 * 1.5 * x[0] for x in samples)
    np.testing.assert_allclose(w.grad, [expected])


def test_variable_reused_in_several_branches_accumulates():
    x = Variable(np.array([3.0]))
    a = x * 2
    y = a * a + a * x + x  # x reaches y along four paths
    total(y).backward()
    # y = 4x^2 + 2x^2 + x -> dy/dx = 12x + 1
    np.testing.assert_allclose(x.grad, [37.0])


def test_leaf_grads_accumulate_across_backward_calls_until_cleared():
    x = Variable(np.array([1.0, 2.0]))
    total(x * 3).backward()
    total(x * 3).backward()
    np.testing.assert_allclose(x.grad, [6.0, 6.0])
    x.cleargrad()
    total(x * 3).backward()
    np.testing.assert_allclose(x.grad, [3.0, 3.0])


def test_nodes_run_in_reverse_creation_order_on_long_chains():
    """10000 nodes: no recursion limit, every node visited once."""
    x = Variable(np.array([1.0]))
    h = x
    for _ in range(10000):
        h = h + x
    total(h).backward()
    np.testing.assert_allclose(x.grad, [10001.0])


def test_unchain_backward_truncates_bptt():
    w = Variable(np.array([0.5]))
    h = Variable(np.array([1.0]), requires_grad=False)
    for _ in range(3):
        h = h * w
    h.unchain_backward()
    assert h.creator is None
    for _ in range(2):
        h = h * w
    total(h).backward()
    # Only the last two multiplications count; h0 = 0.5^3 is a constant now.
    np.testing.assert_allclose(w.grad, [2 * 0.5 * 0.5**3])


def test_intermediate_grads_freed_unless_retained():
    x = Variable(np.array([1.0, 2.0]))
    h = x * 2
    y = total(h * h)
    y.backward()
    assert h.grad is None
    x.cleargrad()
    y = total((h2 := x * 2) * h2)
    y.backward(retain_grad=True)
    np.testing.assert_allclose(h2.grad, 2 * np.array([2.0, 4.0]))
    np.testing.assert_allclose(y.grad, 1.0)


def test_output_with_many_elements_needs_a_grad():
    y = Variable(np.ones(3)) * 2
    with pytest.raises(InvalidValueError, match="starting gradient"):
        y.backward()
    y.grad = np.array([1.0, 2.0, 3.0])
    y.backward()


def test_zero_dim_output_starts_from_one():
    x = Variable(np.array(3.0))
    (x * x).backward()
    assert x.grad.shape == () and x.grad == 6.0


def test_grad_returns_without_touching_grad_attributes():
    x = Variable(np.array([1.0, 2.0]))
    w = Variable(np.array([3.0, 4.0]))
    h = x * w
    y = total(h * h)
    gx, gh = flexgrad.grad([y], [x, h])
    np.testing.assert_allclose(gx.array, 2 * (x.array * w.array) * w.array)
    np.testing.assert_allclose(gh.array, 2 * h.array)
    assert x.grad is None and w.grad is None and h.grad is None


def test_grad_of_unrelated_input_is_none():
    x, z = Variable(np.ones(2)), Variable(np.ones(2))
    (gz,) = flexgrad.grad([total(x * 2)], [z])
    assert gz is None


def test_double_backprop_gradient_penalty():
    """WGAN-GP style: penalize |d critic/dx|^2 and differentiate that w.r.t. the weight."""
    w = Variable(np.array([[0.5, -1.0], [2.0, 0.25]]))
    x = Variable(np.array([[1.0, 2.0]]))
    critic = total(F.matmul(x, w) ** 3)
    (gx,) = flexgrad.grad([critic], [x], enable_double_backprop=True)
    penalty = total(gx * gx)
    penalty.backward()

    def penalty_of(wv):
        s = (x.array @ wv) ** 2 * 3  # d critic / d(xw)
        g = s @ wv.T
        return (g**2).sum()

    eps, numeric = 1e-6, np.zeros_like(w.array)
    for idx in np.ndindex(*w.shape):
        d = np.zeros_like(w.array)
        d[idx] = eps
        numeric[idx] = (penalty_of(w.array + d) - penalty_of(w.array - d)) / (2 * eps)
    np.testing.assert_allclose(w.grad, numeric, rtol=1e-5)


def test_hessian_vector_product():
    a = np.array([[2.0, 1.0], [1.0, 3.0]])
    x = Variable(np.array([1.0, -1.0]))
    f = total(x * F.matmul(a, x)) * 0.5 + total(x**3)  # H = A + diag(6x)
    (g,) = flexgrad.grad([f], [x], enable_double_backprop=True)
    v = np.array([1.0, 2.0])
    (hv,) = flexgrad.grad([total(g * v)], [x])
    np.testing.assert_allclose(hv.array, (a + np.diag(6 * x.array)) @ v)


def test_retained_arrays_released_after_backward():
    x = Variable(np.array([2.0]))
    y = total(x * x)
    y.backward()
    with pytest.raises(GraphReleasedError, match="retain_graph=True"):
        y.backward()


def test_retain_graph_allows_a_second_pass():
    x = Variable(np.array([2.0]))
    shared = x * x
    loss_a, loss_b = total(shared * 3), total(shared * 5)
    loss_a.backward(retain_graph=True)
    loss_b.backward()
    np.testing.assert_allclose(x.grad, [(3 + 5) * 2 * 2.0])


def test_graph_keeps_no_intermediate_variable_alive():
    x = Variable(np.ones(4))
    h = x * 2
    ref = weakref.ref(h)
    y = total(h + 1)
    del h
    gc.collect()
    assert ref() is None
    y.backward()
    np.testing.assert_allclose(x.grad, np.full(4, 2.0))


class Cube(FunctionNode):
    """A user-written op: forward on arrays, backward with flexgrad functions."""

    def forward(self, inputs):
        self.retain_inputs((0,))
        return (inputs[0] ** 3,)

    def backward(self, indexes, grad_outputs):
        (x,) = self.get_retained_inputs()
        return (grad_outputs[0] * 3 * x * x,)


def test_user_function_node_supports_double_backprop():
    x = Variable(np.array([2.0]))
    (y,) = Cube().apply((x,))
    (gx,) = flexgrad.grad([y], [x], enable_double_backprop=True)
    gx.backward()
    np.testing.assert_allclose(gx.array, [12.0])
    np.testing.assert_allclose(x.grad, [12.0])


class ForwardCpuOnly(FunctionNode):
    """Chainer's forward_cpu/forward_gpu split still works."""

    def forward_cpu(self, inputs):
        return (inputs[0] + 1,)

    def backward(self, indexes, grad_outputs):
        return grad_outputs


def test_forward_cpu_split_dispatches_and_names_missing_backends():
    (y,) = ForwardCpuOnly().apply((np.zeros(2),))
    np.testing.assert_array_equal(y.array, [1.0, 1.0])
    strict = flexgrad.get_device("@array_api_strict").send(np.zeros(2))
    with pytest.raises(NotImplementedError, match="ForwardCpuOnly.forward.*array_api_strict"):
        ForwardCpuOnly().apply((strict,))


class Log(FunctionNode):
    def forward(self, inputs):
        self.retain_inputs((0,))
        return (inputs[0] ** 0.5 - 1 / inputs[0] * 0 + self.xp.log(inputs[0]),)

    def backward(self, indexes, grad_outputs):
        (x,) = self.get_retained_inputs()
        return (grad_outputs[0] / x,)


def test_debug_mode_names_the_op_and_the_user_line():
    x = Variable(np.array([-1.0, 1.0]))
    with flexgrad.using_config("debug", True), np.errstate(all="ignore"):
        with pytest.raises(NumericalError, match=r"Log forward .*test_backprop.py:\d+"):
            Log().apply((x,))


def test_debug_mode_checks_backward_too():
    x = Variable(np.array([0.0, 1.0]))
    with flexgrad.using_config("debug", True), np.errstate(all="ignore"):
        y = total(x * 2)
        y.backward()  # finite: fine
        z = total(x**0.5)  # finite forward, infinite slope at 0
        with pytest.raises(NumericalError, match="PowVarConst backward .* input 0"):
            z.backward()


class ForgetsToUnbroadcast(FunctionNode):
    """A wrong op: multiplies with broadcasting but returns unreduced gradients."""

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        return (inputs[0] * inputs[1],)

    def backward(self, indexes, grad_outputs):
        x, w = self.get_retained_inputs()
        return tuple(grad_outputs[0] * (w if i == 0 else x) for i in indexes)


def test_wrongly_shaped_gradient_into_a_leaf_is_refused():
    x, w = Variable(np.ones((3, 4))), Variable(np.ones(4))
    (y,) = ForgetsToUnbroadcast().apply((x, w))
    with pytest.raises(InvalidValueError, match=r"expected shape \(4,\), got .*\(3, 4\)"):
        total(y).backward()


def test_debug_mode_names_the_op_returning_a_wrongly_shaped_gradient():
    x, w = Variable(np.ones((3, 4))), Variable(np.ones(4))
    with flexgrad.using_config("debug", True):
        (y,) = ForgetsToUnbroadcast().apply((x, w * 1))
        with pytest.raises(InvalidValueError, match=r"ForgetsToUnbroadcast.backward, input 1"):
            total(y).backward()


def test_zero_dim_gradients_accumulate_into_arrays():
    """NumPy adds 0-d arrays into a scalar; the accumulated gradient stays an array."""
    x = Variable(np.array(0.5))
    (x * x + x).backward()
    assert isinstance(x.grad, np.ndarray) and x.grad == 2.0


class CountsBackward(FunctionNode):
    """Identity that counts how often its backward runs."""

    calls = 0

    def forward(self, inputs):
        return (inputs[0] * 1,)

    def backward(self, indexes, grad_outputs):
        CountsBackward.calls += 1
        return grad_outputs


def test_grad_skips_branches_that_reach_no_input():
    x, w = Variable(np.ones(3)), Variable(np.ones(3))
    (w_branch,) = CountsBackward().apply((w,))
    y = total(x * 2 + w_branch)
    CountsBackward.calls = 0
    (gx,) = flexgrad.grad([y], [x])
    np.testing.assert_allclose(gx.array, 2.0)
    assert CountsBackward.calls == 0
    (gw,) = flexgrad.grad([y], [w], retain_graph=True)
    assert CountsBackward.calls == 1
    np.testing.assert_allclose(gw.array, 1.0)
