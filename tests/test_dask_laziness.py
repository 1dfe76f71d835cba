"""On Dask, forward and backward build task graphs and compute nothing."""

import dask
import numpy as np
import pytest

import flexgrad
import flexgrad.functions as F
from flexgrad import Variable


def _refuse(*args, **kwargs):
    raise AssertionError("a Dask value was computed inside forward or backward")


@pytest.fixture
def no_compute():
    with dask.config.set(scheduler=_refuse):
        yield


def lazy(a, chunks=2):
    import dask.array as da

    return da.from_array(a, chunks=chunks)


def test_forward_and_backward_stay_lazy(no_compute):
    rng = np.random.default_rng(0)
    x = Variable(lazy(rng.normal(size=(4, 3))))
    w = Variable(lazy(rng.normal(size=(3, 5))))
    b = Variable(lazy(rng.normal(size=(5,))))
    h = F.matmul(x, w) + b
    h = abs(h) ** 1.5 / (1 + h * h) - 2 ** F.transpose(h).T
    loss = F.sum_to(F.reshape(h, (20,)), ())
    loss.backward(retain_graph=True)
    (gw,) = flexgrad.grad([F.sum_to(h * h, ())], [w])
    for g in (x.grad, w.grad, b.grad, gw.array):
        assert isinstance(g, dask.array.Array)


def test_the_refusing_scheduler_does_catch_a_compute(no_compute):
    with pytest.raises(AssertionError, match="computed"):
        bool(lazy(np.ones(2)).sum() > 0)


def test_lazy_values_equal_numpy():
    a = np.arange(6.0).reshape(2, 3)
    for data in (a, lazy(a)):
        x = Variable(data)
        F.sum_to(x * x * 3, ()).backward()
        np.testing.assert_allclose(np.asarray(x.grad), 6 * a)
