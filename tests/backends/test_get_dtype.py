"""flexgrad.get_dtype: Chainer's, as Chainer's examples call it (``astype(get_dtype())``)."""

from __future__ import annotations

import numpy as np

import flexgrad


def test_get_dtype_is_the_configured_dtype_as_a_numpy_dtype():
    assert flexgrad.get_dtype() == np.dtype(np.float32)
    assert isinstance(flexgrad.get_dtype(), np.dtype)
    with flexgrad.using_config("dtype", "float16"):
        assert flexgrad.get_dtype() == np.float16
    assert flexgrad.get_dtype("f8") == np.float64
    assert np.zeros(2).astype(flexgrad.get_dtype()).dtype == np.float32
