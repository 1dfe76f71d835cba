"""Correctness tools: gradient checks, hypothesis strategies, cross-backend agreement.

To check your own op, wrap it in a function of Variables and compare its backward with
central differences, then its double backward, then its results across backends::

    import numpy as np
    from flexgrad import FunctionNode, testing

    class Cube(FunctionNode):
        def forward(self, inputs):
            self.retain_inputs((0,))
            return (inputs[0] ** 3,)

        def backward(self, indexes, grad_outputs):
            (x,) = self.get_retained_inputs()
            return (grad_outputs[0] * 3 * x * x,)

    def cube(x):
        return Cube().apply((x,))[0]

    x = np.random.default_rng(0).normal(size=(3, 4))
    testing.check_backward(cube, x)                  # float64: tight tolerances
    testing.check_double_backward(cube, x, None, None)
    testing.assert_backends_agree(cube, [x])         # NumPy vs Dask vs array_api_strict

The hypothesis strategies (``flexgrad.testing.strategies``: ``arrays``, ``shapes``,
``dask_chunks``, ``float_arrays``...) import hypothesis on first use, so importing this
package needs neither hypothesis nor dask.
"""

import importlib
from typing import Any

from .agreement import BackendDisagreementError as BackendDisagreementError
from .agreement import assert_backends_agree as assert_backends_agree
from .assertions import assert_allclose as assert_allclose
from .gradient_check import GradientCheckError as GradientCheckError
from .gradient_check import check_backward as check_backward
from .gradient_check import check_double_backward as check_double_backward
from .numerical import NondifferentiableError as NondifferentiableError
from .numerical import numerical_grad as numerical_grad

_STRATEGIES = ("arrays", "shapes", "broadcastable_shapes", "dask_chunks", "float_arrays",
               "namespace")


def __getattr__(name: str) -> Any:
    """The strategies, imported (with hypothesis) only when first asked for."""
    if name in _STRATEGIES or name == "strategies":
        strategies = importlib.import_module(__name__ + ".strategies")
        return strategies if name == "strategies" else getattr(strategies, name)
    raise AttributeError(f"module 'flexgrad.testing' has no attribute {name!r}")
