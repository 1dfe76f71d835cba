"""The math functions on CuPy agree with NumPy, forward and backward (needs a GPU)."""

import numpy as np
import pytest

import flexgrad.functions as F
from flexgrad import Variable

pytestmark = pytest.mark.gpu

CASES = {
    "exp": F.exp,
    "log": lambda x: F.log(F.square(x) + 1),
    "log1p": lambda x: F.log1p(F.square(x)),
    "expm1": F.expm1,
    "sqrt": lambda x: F.sqrt(F.square(x) + 1),
    "trig": lambda x: F.sin(x) * F.cos(x) + F.tan(x * 0.5),
    "activations": lambda x: F.tanh(x) + F.sigmoid(x * 100) + F.relu(x),
    "select": lambda x: F.maximum(x, 0.1) + F.minimum(-0.1, x) + F.clip(x, -0.5, None)
    + F.where(x.array > 0, x, 2.0),
    "sum_mean": lambda x: F.sum(x, axis=1) + F.mean(x, axis=-1, weights=F.exp(x[0])),
    "max_min": lambda x: F.max(x, axis=0) * F.min(x, axis=(0,), keepdims=True),
    "logsumexp": lambda x: F.logsumexp(x * 1000, axis=0),
    "prod": lambda x: F.prod(x, axis=0),
}


@pytest.mark.parametrize("name", CASES)
def test_cupy_agrees_with_numpy(name):
    cupy = pytest.importorskip("cupy")
    a = np.array([[-1.5, 0.0, 0.5, 2.0], [0.25, -0.5, 0.0, 1.0]], dtype=np.float32)
    results = []
    for data in (a, cupy.asarray(a)):
        x = Variable(data)
        y = F.sum(CASES[name](x))
        y.backward()
        results.append((y.array, x.grad))
    (y_np, g_np), (y_cp, g_cp) = results
    assert isinstance(g_cp, cupy.ndarray) and g_cp.dtype == np.float32
    np.testing.assert_allclose(cupy.asnumpy(y_cp), y_np, rtol=1e-5)
    np.testing.assert_allclose(cupy.asnumpy(g_cp), g_np, rtol=1e-5, atol=1e-6)
