"""floor, ceil and sign: piecewise-constant, so, as in Chainer, they have no gradient.

Each returns a Variable outside the graph (``requires_grad=False``): the graph is cut
there, which is what a zero gradient everywhere (or none, at the steps) amounts to.
"""

from __future__ import annotations

from typing import Any

from ... import backends
from ...errors import fail
from ...variable import Variable
from ..array._args import array_arg


def _constant(fn: str, x: Variable | Any) -> tuple[Any, Any]:
    """The array of ``x`` (real-valued) and its namespace."""
    array = array_arg(fn, "x", x)
    backend = backends.backend_of(array)
    if not backend.xp.isdtype(array.dtype, ("real floating", "integral")):
        fail(fn, "x", "a real (floating or integer) dtype", array, kind="type")
    return array, backend


def _wrap(backend: backends.Backend, y: Any) -> Variable:
    return Variable(y if type(y) is backend.array_type else backend.as_array(y),
                    requires_grad=False)


def floor(x: Variable | Any) -> Variable:
    """Elementwise floor, with ``x``'s dtype; no gradient (the graph stops here).

    >>> import numpy as np, flexgrad.functions as F
    >>> F.floor(np.array([-1.5, 0.5, 2.0])).array
    array([-2.,  0.,  2.])
    """
    array, backend = _constant("floor", x)
    return _wrap(backend, backend.xp.floor(array))


def ceil(x: Variable | Any) -> Variable:
    """Elementwise ceiling, with ``x``'s dtype; no gradient (the graph stops here).

    >>> import numpy as np, flexgrad.functions as F
    >>> F.ceil(np.array([-1.5, 0.5, 2.0])).array
    array([-1.,  1.,  2.])
    """
    array, backend = _constant("ceil", x)
    return _wrap(backend, backend.xp.ceil(array))


def sign(x: Variable | Any) -> Variable:
    """Elementwise sign (-1, 0 or 1), with ``x``'s dtype; no gradient (the graph stops).

    >>> import numpy as np, flexgrad.functions as F
    >>> F.sign(np.array([-2.0, 0.0, 3.0])).array
    array([-1.,  0.,  1.])
    """
    array, backend = _constant("sign", x)
    return _wrap(backend, backend.xp.sign(array))
