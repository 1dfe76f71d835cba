"""``assert_allclose`` for arrays and Variables of any backend (Chainer's
``chainer.testing.assert_allclose``): compares on the host, in float64."""

from __future__ import annotations

from typing import Any

import numpy

from .. import backends


def _host(value: Any) -> numpy.ndarray:
    """A NumPy copy of an array, a Variable's array, or a Python number."""
    value = getattr(value, "array", value)
    if backends.is_array(value):
        value = backends.backend_of(value).to_numpy(value)
    return numpy.asarray(value)


def assert_allclose(x: Any, y: Any, atol: float = 1e-5, rtol: float = 1e-4,
                    verbose: bool = True) -> None:
    """Assert ``|x - y| <= atol + rtol * |y|`` elementwise (shapes broadcast, as NumPy's).

    >>> import numpy as np, flexgrad
    >>> flexgrad.testing.assert_allclose(flexgrad.Variable(np.ones(2)), [1.0, 1.000001])
    """
    numpy.testing.assert_allclose(_host(x), _host(y), rtol=rtol, atol=atol, verbose=verbose)
