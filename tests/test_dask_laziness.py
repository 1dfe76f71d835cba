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


def test_truncated_bptt_keeps_state_graphs_and_parameter_chunks_bounded():
    """Chainer's PTB loop on Dask: the LSTM state is materialized when unchain_backward
    drops its history, and updates never split a parameter into more chunks."""
    import flexgrad.links as L

    flexgrad.set_seed(0)
    embed, rnn, out = L.EmbedID(10, 6), L.LSTM(6, 6), L.Linear(6, 10)
    model = flexgrad.Sequential(embed, rnn, out).to_device("@dask")
    optimizer = flexgrad.optimizers.SGD(lr=0.1).setup(model)
    ids = flexgrad.get_device("@dask").send(np.arange(40, dtype=np.int32).reshape(4, 10) % 10)
    sizes = []
    for window in range(4):
        loss = 0
        for step in range(2):
            row = ids[:, window * 2 + step]
            loss += F.softmax_cross_entropy(model(row), ids[:, window * 2 + step + 1])
        model.cleargrads()
        loss.backward()
        loss.unchain_backward()
        optimizer.update()
        sizes.append(len(rnn.h.array.__dask_graph__()))
    assert sizes[-1] <= sizes[0] < 10, sizes
    assert all(p.array.npartitions == 1 for p in model.params())
