"""Initializers make arrays in ``flexgrad.config.dtype`` when neither they nor the caller
fix a dtype, as Chainer's ``generate_array`` does."""

import numpy as np
import pytest

import flexgrad
import flexgrad.initializers as I


@pytest.mark.parametrize("initializer", [I.Normal(), I.LeCunNormal(), I.Constant(1.5), 2.0,
                                         None], ids=["Normal", "LeCunNormal", "Constant",
                                                     "scalar", "None"])
def test_generate_array_follows_config_dtype(initializer):
    with flexgrad.using_config("dtype", np.float64):
        assert I.generate_array(initializer, (2, 2)).dtype == np.float64
    assert I.generate_array(initializer, (2, 2)).dtype == np.float32


def test_an_initializers_own_dtype_wins_over_config():
    with flexgrad.using_config("dtype", np.float64):
        assert I.Normal(dtype=np.float16).generate((2,)).dtype == np.float16
