"""cast: convert to another dtype; the gradient is cast back to the input's dtype."""

from __future__ import annotations

from typing import Any

from ... import backends
from ...configuration import config
from ...errors import fail
from ...function_node import FunctionNode
from ...variable import Variable, as_variable
from ._args import array_arg


class Cast(FunctionNode):
    """``xp.astype``; inputs of a non-floating dtype get no gradient."""

    __slots__ = ("dtype", "_in_dtype")

    def __init__(self, dtype: Any) -> None:
        self.dtype = dtype

    def forward(self, inputs):
        (x,) = inputs
        self._in_dtype = x.dtype
        return (self.xp.astype(x, self.dtype),)

    def backward(self, indexes, grad_outputs):
        if not self.backend.is_floating(self._in_dtype):
            return (None,)
        return (Cast(self._in_dtype).apply(grad_outputs)[0],)


def _namespace_dtype(backend: backends.Backend, typ: Any) -> Any:
    """``typ`` as a dtype of ``backend``'s namespace: a dtype of it, a NumPy dtype or a name."""
    namespace_dtypes = backend.xp.__array_namespace_info__().dtypes()
    if isinstance(typ, str) and typ in namespace_dtypes:
        return namespace_dtypes[typ]
    if any(typ is d for d in namespace_dtypes.values()):
        return typ
    try:
        return backend.dtype(typ)
    except (AttributeError, TypeError):
        fail("cast", "typ", f"a dtype or dtype name of {backend.name}", f"{typ!r}", kind="type")


def cast(x: Variable | Any, typ: Any) -> Variable:
    """``x`` converted to dtype ``typ``.

    Args:
        x: the Variable or array to convert.
        typ: a dtype of ``x``'s namespace, a NumPy dtype or type, or a name like
            ``'float32'``.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.cast(np.arange(3.0), 'float32').dtype
    dtype('float32')
    """
    array = array_arg("cast", "x", x)
    dtype = _namespace_dtype(backends.backend_of(array), typ)
    if array.dtype == dtype and not config.enable_backprop:
        return as_variable(x)
    return Cast(dtype).apply((x,))[0]
