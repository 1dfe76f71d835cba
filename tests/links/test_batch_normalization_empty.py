"""Issue 15: an empty batch in training is refused (its statistics do not exist) and the
running statistics stay as they were; evaluating an empty batch is fine."""

from __future__ import annotations

import numpy as np
import pytest

import flexgrad
import flexgrad.links as L
from flexgrad.errors import InvalidValueError


@pytest.mark.parametrize("link", [L.BatchNormalization, L.BatchRenormalization])
@pytest.mark.parametrize("shape", [(0, 3), (0, 3, 4, 4), (2, 3, 0, 4)])
def test_an_empty_batch_in_training_is_refused_and_changes_nothing(link, shape):
    bn = link(3)
    bn(np.ones((4, 3, *shape[2:]) if 0 not in shape[2:] else (4, 3), np.float32))
    mean, var = bn.avg_mean.copy(), bn.avg_var.copy()
    with pytest.raises(InvalidValueError, match=f"{link.__name__}.*'x'.*empty batch"):
        bn(np.zeros(shape, np.float32))
    np.testing.assert_array_equal(bn.avg_mean, mean)
    np.testing.assert_array_equal(bn.avg_var, var)
    with flexgrad.using_config("train", False):
        assert bn(np.zeros(shape, np.float32)).shape == shape


def test_a_lazy_link_is_left_uninitialized():
    bn = L.BatchNormalization()
    with pytest.raises(InvalidValueError, match=r"shape \(0, 5\)"):
        bn(np.zeros((0, 5), np.float32))
    assert bn.avg_mean is None
