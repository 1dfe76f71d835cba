"""Correctness tools: gradient checks, hypothesis strategies, cross-backend agreement.

To check your own op, wrap it in a function of Variables and compare its backward with
central differences, the gradient computed with a graph (double backprop) with the one
computed without, its double backward, and its results across backends. Tolerances adapt
to the dtype, so the same checks run in float32; hypothesis runs them on drawn inputs with
the kit's settings (no deadline: the first check imports Dask, which takes seconds):

>>> import numpy as np
>>> from hypothesis import given, settings
>>> from flexgrad import FunctionNode, testing
>>> class Cube(FunctionNode):
...     def forward(self, inputs):
...         self.retain_inputs((0,))
...         return (inputs[0] ** 3,)
...
...     def backward(self, indexes, grad_outputs):
...         (x,) = self.get_retained_inputs()
...         return (grad_outputs[0] * 3 * x * x,)
>>> def cube(x):
...     return Cube().apply((x,))[0]
>>> @settings(testing.hypothesis_settings, max_examples=5)
... @given(testing.float_arrays((3, 4), -2.0, 2.0, dtype="float32"))
... def test_cube(x):
...     testing.check_backward(cube, x)             # float32 tolerances
...     testing.check_backprop_paths_agree(cube, x)
...     testing.check_double_backward(cube, x, None, None)
...     testing.assert_backends_agree(cube, [x])     # NumPy vs Dask vs array_api_strict
>>> test_cube()

Load the settings for a whole suite with ``hypothesis.settings.load_profile('flexgrad')``
(registered once ``hypothesis_settings`` or the strategies are imported), or derive your
own: ``settings.register_profile('ci', parent=testing.hypothesis_settings, ...)``.

The hypothesis strategies (``flexgrad.testing.strategies``: ``arrays``, ``shapes``,
``dask_chunks``, ``float_arrays``...) import hypothesis on first use, so importing this
package needs neither hypothesis nor dask.
"""

import importlib
from typing import Any

from .agreement import BackendDisagreementError as BackendDisagreementError
from .agreement import assert_backends_agree as assert_backends_agree
from .assertions import assert_allclose as assert_allclose
from .dtype_spy import DtypeLeakError as DtypeLeakError
from .dtype_spy import no_float64_arrays as no_float64_arrays
from .gradient_check import GradientCheckError as GradientCheckError
from .gradient_check import check_backward as check_backward
from .gradient_check import check_double_backward as check_double_backward
from .numerical import NondifferentiableError as NondifferentiableError
from .numerical import numerical_grad as numerical_grad
from .paths import check_backprop_paths_agree as check_backprop_paths_agree

_STRATEGIES = ("arrays", "shapes", "broadcastable_shapes", "dask_chunks", "float_arrays",
               "namespace")


def __getattr__(name: str) -> Any:
    """The strategies and settings, imported (with hypothesis) only when first asked for."""
    if name == "hypothesis_settings":
        return importlib.import_module(__name__ + ".hypothesis_profile").hypothesis_settings
    if name in _STRATEGIES or name == "strategies":
        strategies = importlib.import_module(__name__ + ".strategies")
        return strategies if name == "strategies" else getattr(strategies, name)
    raise AttributeError(f"module 'flexgrad.testing' has no attribute {name!r}")
