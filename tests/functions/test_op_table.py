"""Generic property tests swept over the op table (op_cases_*.py).

For every row: the forward against its independent reference; backward and double backward
against central differences in float64 on NumPy, and with fewer examples on torch and JAX;
agreement of values and gradients across NumPy, Dask (hypothesis-drawn chunkings),
array_api_strict (on a second device), PyTorch and JAX in float32 and float64; CuPy too
where a GPU is present. A row is skipped only while its function does not exist (the
reason says so) or for a gap recorded in the row with its reason.
"""

from __future__ import annotations

import types

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from op_table import OpCase, cases, same

import flexgrad
import flexgrad.functions as F
from flexgrad.testing import (
    assert_backends_agree,
    check_backprop_paths_agree,
    check_backward,
    check_double_backward,
    no_float64_arrays,
)
from flexgrad.testing.strategies import dask_chunks

CASES = cases()
BACKENDS = ("numpy", "dask", "array_api_strict", "torch")
# the sweep's cheaper checks get fewer examples than the profile's default
FEW = settings(max_examples=max(2, settings().max_examples // 4))
# Eager JAX compiles each op for every new input shape (0.1-0.3 s each on these CPUs, where
# running it takes microseconds: a row costs seconds per example). So the JAX leg takes
# every row in both dtypes but draws one example per dtype in the ci profile, the
# simplest, whose small shapes the rows share, so compiled ops are reused across rows.
JAX_LEG = settings(max_examples=max(1, settings().max_examples // 12))

sweep = pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])


def require(case: OpCase, check: str) -> None:
    """Skip while the row's function is missing, or for a gap the row records."""
    if case.target() is None:
        pytest.skip(f"{case.name} does not exist yet (row {case.id})")
    if check in case.gaps:
        pytest.skip(f"known gap of {case.id}: {case.gaps[check]}")


@sweep
@given(data=st.data())
def test_backward_matches_central_differences(case: OpCase, data: st.DataObject) -> None:
    require(case, "grad")
    xs = data.draw(case.inputs("float64"), label="inputs")
    check_backward(case, xs, atol=case.atol, rtol=case.rtol, dtype="float64")


@sweep
@given(data=st.data())
def test_forward_matches_the_reference(case: OpCase, data: st.DataObject) -> None:
    require(case, "ref")
    if case.ref is None:
        pytest.fail(f"row {case.id} has no forward reference: give it ref=..., or record "
                    "why in gaps['ref']")
    xs = data.draw(case.inputs("float64"), label="inputs")
    ys = case(*(flexgrad.Variable(x) for x in xs))
    ys = ys if isinstance(ys, tuple) else (ys,)
    expected = case.ref(*(x.copy() for x in xs))
    expected = expected if isinstance(expected, tuple) else (expected,)
    assert len(ys) == len(expected), f"{len(ys)} outputs, the reference gives {len(expected)}"
    for i, (y, e) in enumerate(zip(ys, expected, strict=True)):
        np.testing.assert_allclose(
            np.asarray(y.array, dtype=np.float64), np.asarray(e, dtype=np.float64),
            rtol=max(case.rtol, 1e-7), atol=max(case.atol, 1e-9),
            err_msg=f"{case.id}: output {i} differs from the reference")
        assert tuple(y.shape) == np.shape(e), f"output {i}: shape {y.shape}, ref {np.shape(e)}"


@sweep
@given(data=st.data())
def test_double_backward_matches_central_differences(case: OpCase, data: st.DataObject) -> None:
    require(case, "double")
    xs = data.draw(case.inputs("float64"), label="inputs")
    check_double_backward(case, xs, None, None, atol=max(case.atol, 1e-4),
                          rtol=max(case.rtol, 1e-3), dtype="float64")


@sweep
@given(data=st.data())
def test_backends_agree(case: OpCase, data: st.DataObject) -> None:
    require(case, "agree")
    dtype = data.draw(st.sampled_from(["float32", "float64"]), label="dtype")
    xs = data.draw(case.inputs(dtype), label="inputs")
    chunks = [data.draw(dask_chunks(x.shape), label=f"chunks of input {i}")
              for i, x in enumerate(xs)]
    others = [b for b in BACKENDS[1:] if b not in case.gaps]
    if not others:
        pytest.skip(f"{case.id} records gaps for every backend besides numpy")
    assert_backends_agree(case, xs, backends=others, chunks=chunks)


def check_gradients_on(backend: str, case: OpCase, xs: tuple[np.ndarray, ...]) -> None:
    """First and second order on ``backend``'s float64 arrays, checked as on NumPy: its
    kernels, not only its agreement with NumPy's forward and first-order gradient."""
    device = flexgrad.get_device("@" + backend)
    arrays = [device.send(x) for x in xs]
    if "grad" not in case.gaps:
        check_backward(case, arrays, atol=case.atol, rtol=case.rtol, dtype="float64")
    if "double" not in case.gaps:
        check_double_backward(case, arrays, None, None, atol=max(case.atol, 1e-4),
                              rtol=max(case.rtol, 1e-3), dtype="float64")


@sweep
@FEW
@given(data=st.data())
def test_torch_gradients_match_central_differences(case: OpCase, data: st.DataObject) -> None:
    require(case, "torch")
    check_gradients_on("torch", case, data.draw(case.inputs("float64"), label="inputs"))


@sweep
@JAX_LEG
@given(data=st.data())
def test_jax_gradients_match_central_differences(case: OpCase, data: st.DataObject) -> None:
    require(case, "jax")
    check_gradients_on("jax", case, data.draw(case.inputs("float64"), label="inputs"))


@sweep
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@JAX_LEG
@given(data=st.data())
def test_jax_agrees(case: OpCase, dtype: str, data: st.DataObject) -> None:
    """Outputs and gradients as NumPy's, dtypes included (so float32 stays float32)."""
    require(case, "agree")
    require(case, "jax")
    xs = data.draw(case.inputs(dtype), label="inputs")
    assert_backends_agree(case, xs, backends=("jax",))


@pytest.mark.gpu
@sweep
@given(data=st.data())
def test_cupy_agrees(case: OpCase, data: st.DataObject) -> None:
    require(case, "cupy")
    dtype = data.draw(st.sampled_from(["float32", "float64"]), label="dtype")
    xs = data.draw(case.inputs(dtype), label="inputs")
    assert_backends_agree(case, xs, backends=("cupy",))


# The backends are looped over inside, not parametrized: Hypothesis chains a settings
# object per call of one @given test, and past ~950 calls reading it overflows the stack.
@pytest.mark.parametrize("case", [c for c in CASES if c.keeps_dtype],
                         ids=[c.id for c in CASES if c.keeps_dtype])
@FEW
@given(data=st.data())
def test_float32_forward_keeps_float32(case: OpCase, data: st.DataObject) -> None:
    xs = data.draw(case.inputs("float32"), label="inputs")
    for backend in (b for b in BACKENDS if b not in case.gaps):
        device = flexgrad.get_device("@" + backend)
        ys = case(*(flexgrad.Variable(device.send(x)) for x in xs))
        for i, y in enumerate(ys if isinstance(ys, tuple) else (ys,)):
            assert y.dtype == device.backend.dtype("float32"), \
                f"on {backend}, output {i} is {y.dtype}"


@sweep
@FEW
@given(data=st.data())
def test_backprop_paths_agree(case: OpCase, data: st.DataObject) -> None:
    """The first-order gradient is the same with a recorded graph and without one."""
    require(case, "grad")
    require(case, "double")
    xs = data.draw(case.inputs("float64"), label="inputs")
    check_backprop_paths_agree(case, xs)


STAYS_FLOAT32 = [c for c in CASES if c.keeps_dtype and all(a.dtype is None for a in c.args)]
# Rows whose own scaffolding sends a float64 NumPy constant before the op casts it: the
# float64 array is the row's, not a float64 computation (cast it before sending to drop one).
FLOAT64_CONSTANTS = {
    "argmax_crf1d[score]": "score offsets sent as float64, then cast",
    "dropout[fixed mask]": "the fixed mask is sent as float64, then cast",
    "gaussian[fixed eps]": "the fixed eps is sent as float64, then cast",
    "gumbel_softmax[fixed noise]": "the fixed noise is sent as float64, then cast",
    "gumbel_softmax[fixed noise,tau=1,axis=0]": "the fixed noise is sent as float64, then cast",
}


@pytest.mark.parametrize("case", STAYS_FLOAT32, ids=[c.id for c in STAYS_FLOAT32])
@FEW
@given(data=st.data())
def test_float32_makes_no_float64_array(case: OpCase, data: st.DataObject) -> None:
    """On array_api_strict in float32, forward and backward create no float64 array."""
    require(case, "agree")
    require(case, "array_api_strict")
    if case.id in FLOAT64_CONSTANTS:
        pytest.skip(f"{case.id}: {FLOAT64_CONSTANTS[case.id]}")
    xs = data.draw(case.inputs("float32"), label="inputs")
    flexgrad.get_device("@array_api_strict")  # its first use may probe with float64
    with no_float64_arrays():
        assert_backends_agree(case, xs, backends=["array_api_strict"])


def test_every_public_function_has_a_row() -> None:
    public = {name for name, value in vars(F).items()
              if not name.startswith("_") and callable(value)
              and not isinstance(value, types.ModuleType)}
    missing = sorted(public - {c.name for c in CASES})
    assert not missing, f"public functions without a row in the op table: {missing}"


def test_every_row_has_its_function() -> None:
    missing = sorted({c.name for c in CASES if c.target() is None})
    assert not missing, f"op table rows whose function does not exist (yet): {missing}"


def test_every_row_has_a_reference_or_a_reason() -> None:
    missing = sorted(c.id for c in CASES if c.ref is None and "ref" not in c.gaps)
    assert not missing, f"op table rows without a forward reference or a reason: {missing}"


def test_row_ids_are_unique() -> None:
    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


# -- the sweep can fail ---------------------------------------------------------------------
class _SquareOffByBackend(flexgrad.FunctionNode):
    """x², with a gradient of 3x (wrong) or, if ``on`` names a backend, 2x except there."""

    def __init__(self, on: str = "") -> None:
        self.on = on

    def forward(self, inputs):
        self.retain_inputs((0,))
        return (inputs[0] * inputs[0],)

    def backward(self, indexes, grad_outputs):
        (x,) = self.get_retained_inputs()
        right = self.on and self.backend.name != self.on
        return (grad_outputs[0] * (2.0 if right else 3.0) * x,)


def _broken_row(on: str = "") -> OpCase:
    def func(x):
        return _SquareOffByBackend(on).apply((x,))[0]

    return OpCase("square", same(min_side=2), func=func, tag="broken")


def test_the_gradient_sweep_fails_a_wrong_backward() -> None:
    with pytest.raises(AssertionError, match="disagrees with central differences"):
        test_backward_matches_central_differences(_broken_row())


def test_the_agreement_sweep_fails_a_backend_specific_bug() -> None:
    with pytest.raises(AssertionError, match="dask disagrees with numpy on the gradient"):
        test_backends_agree(_broken_row("dask"))


class _SquareWrongWhenRecorded(flexgrad.FunctionNode):
    """x², whose gradient is 2x without a graph and 0 when double backprop records one."""

    def forward(self, inputs):
        self.retain_inputs((0,))
        return (inputs[0] * inputs[0],)

    def backward(self, indexes, grad_outputs):
        (x,) = self.get_retained_inputs()
        return (grad_outputs[0] * (0.0 if flexgrad.config.enable_backprop else 2.0) * x,)


class _SquareInFloat64(flexgrad.FunctionNode):
    """x², computed in float64 and cast back to the input's dtype."""

    def forward(self, inputs):
        (x,) = inputs
        wide = self.xp.astype(x, self.xp.float64)
        return (self.xp.astype(wide * wide, x.dtype),)

    def backward(self, indexes, grad_outputs):
        return (grad_outputs[0],)


def _row(node: type) -> OpCase:
    return OpCase("square", same(min_dims=1, min_side=2), func=lambda x: node().apply((x,))[0],
                  tag="broken")


def test_the_path_sweep_fails_a_gradient_wrong_only_with_a_graph() -> None:
    test_backward_matches_central_differences(_row(_SquareWrongWhenRecorded))
    with pytest.raises(AssertionError, match="differs between backward without a graph"):
        test_backprop_paths_agree(_row(_SquareWrongWhenRecorded))


def test_the_float32_sweep_fails_a_float64_round_trip() -> None:
    with pytest.raises(AssertionError, match="a float64 array was created"):
        test_float32_makes_no_float64_array(_row(_SquareInFloat64))


def test_the_coverage_check_catches_a_function_without_a_row(monkeypatch) -> None:
    monkeypatch.setattr(F, "brand_new", lambda x: x, raising=False)
    with pytest.raises(AssertionError, match="brand_new"):
        test_every_public_function_has_a_row()


def test_rows_draw_inputs_of_the_asked_dtype() -> None:
    from hypothesis import find

    xs = find(CASES[0].inputs("float32"), lambda xs: True)
    assert all(x.dtype == np.float32 for x in xs)
