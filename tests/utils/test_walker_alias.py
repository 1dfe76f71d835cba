"""WalkerAlias: draws follow the given weights, repeat under set_seed, live on the
table's device, and bad weights are refused."""

from __future__ import annotations

import numpy as np
import pytest

import flexgrad
from flexgrad.errors import InvalidValueError
from flexgrad.utils import WalkerAlias

WEIGHTS = [3.0, 0.0, 1.0, 4.0, 2.0]


def test_draws_follow_the_weights():
    flexgrad.set_seed(0)
    drawn = WalkerAlias(np.array(WEIGHTS)).sample((200, 100))
    assert drawn.shape == (200, 100) and drawn.dtype == np.int32
    freq = np.bincount(drawn.ravel(), minlength=5) / drawn.size
    np.testing.assert_allclose(freq, np.array(WEIGHTS) / sum(WEIGHTS), atol=0.01)
    assert freq[1] == 0


def test_set_seed_repeats_the_draws():
    sampler = WalkerAlias(WEIGHTS)
    flexgrad.set_seed(3)
    first = sampler.sample((4, 5))
    flexgrad.set_seed(3)
    assert np.array_equal(sampler.sample((4, 5)), first)


@pytest.mark.parametrize("spec", ["@dask", "@array_api_strict"])
def test_to_device_draws_there(spec):
    sampler = WalkerAlias(WEIGHTS).to_device(spec)
    device = flexgrad.get_device(spec)
    drawn = sampler.sample((3, 2))
    assert sampler.device == device and flexgrad.get_device_from_array(drawn) == device
    host = device.backend.to_numpy(drawn)
    assert host.shape == (3, 2) and set(host.ravel()) <= {0, 2, 3, 4}
    assert not sampler.use_gpu and sampler.to_cpu().device.spec == "@numpy"


@pytest.mark.parametrize("probs", [[], [1.0, -1.0], [0.0, 0.0], [np.nan], 3.0])
def test_bad_weights_are_refused(probs):
    with pytest.raises(InvalidValueError, match="WalkerAlias: argument 'probs'"):
        WalkerAlias(probs)
