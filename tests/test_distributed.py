"""Data-parallel steps on a LocalCluster of two worker processes: NumPy's parameters, a
parameter graph that does not grow, and a killed worker that leaves nothing half-updated;
embedding gradients and dropout masks that follow the batch's chunks."""

from __future__ import annotations

import io
import os
import signal

import numpy as np
import pytest

import flexgrad
import flexgrad.distributed as fd
from flexgrad import functions as F
from flexgrad import links as L
from flexgrad import optimizers
from flexgrad.errors import InvalidTypeError
from flexgrad.serializers import load_npz, save_npz

da = pytest.importorskip("dask.array")
distributed = pytest.importorskip("distributed")

ROWS, CHUNK = 48, 16


@pytest.fixture(scope="module")
def client():
    out = io.StringIO()
    client = fd.connect(local=True, out=out, processes=True, n_workers=2,
                        threads_per_worker=1, dashboard_address=":0")
    assert f"scheduler {client.scheduler.address}" in out.getvalue()
    yield client
    cluster = client.cluster
    client.close()
    cluster.close()


def _data():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(ROWS, 4)).astype(np.float32)
    return x, rng.integers(0, 3, ROWS).astype(np.int32)


def _on_dask(x, t):
    """A batch under fresh task names (as each batch an iterator reads)."""
    return (da.from_array(x, chunks=CHUNK, name=False),
            da.from_array(t, chunks=CHUNK, name=False))


def _setup(device=None):
    flexgrad.set_seed(0)
    model = L.Classifier(flexgrad.Sequential(L.Linear(4, 8), F.relu, L.Linear(8, 3)))
    if device is not None:
        model.to_device(device)
    optimizer = optimizers.MomentumSGD(0.1)
    optimizer.setup(model)
    return model, optimizer


def _numpy_params(steps):
    model, optimizer = _setup()
    for _ in range(steps):
        optimizer.update(model, *_data())
    return {name: p.array for name, p in model.namedparams()}


def _assert_params(model, expected):
    for name, param in model.namedparams():
        np.testing.assert_allclose(np.asarray(param.array.compute()), expected[name],
                                   rtol=1e-5, atol=1e-6, err_msg=name)


def _graph_sizes(model):
    return [len(p.array.__dask_graph__()) for p in model.params()]


@pytest.mark.slow
def test_steps_on_the_cluster_give_numpy_parameters_with_a_bounded_graph(client):
    model, optimizer = _setup("@dask")
    batch = _on_dask(*_data())
    fd.atomic_update(optimizer, model, *batch)
    sizes_after_one = _graph_sizes(model)
    for _ in range(3):
        fd.atomic_update(optimizer, model, *batch)
    assert _graph_sizes(model) == sizes_after_one
    assert max(sizes_after_one) <= 2
    # the parameters are held on the workers, not computed on the client
    futures = distributed.futures_of([p.array for p in model.params()])
    assert futures and all(f.status == "finished" for f in futures)
    assert set(client.who_has(futures).values()) and all(client.who_has(futures).values())
    _assert_params(model, _numpy_params(4))


@pytest.mark.slow
def test_iterator_batches_are_sent_to_the_workers_not_in_the_graph(client):
    from flexgrad.iterators import ChunkedIterator

    x, t = _data()
    it = ChunkedIterator((x, t), 32, chunk_size=CHUNK, seed=0, device="@dask",
                         dask_chunks=16)
    xb, tb = it.next()
    it.finalize()
    assert xb.chunks[0] == (16, 16) and tb.chunks[0] == (16, 16)
    futures = distributed.futures_of(xb)
    assert len(futures) == 2 and all(client.who_has(futures).values())
    assert all(not isinstance(v, np.ndarray) for v in dict(xb.__dask_graph__()).values())
    x_numpy, t_numpy = ChunkedIterator((x, t), 32, chunk_size=CHUNK, seed=0).next()
    np.testing.assert_array_equal(xb.compute(), x_numpy)
    np.testing.assert_array_equal(tb.compute(), t_numpy)


@pytest.mark.slow
def test_a_killed_worker_is_recomputed_and_the_step_goes_on(client):
    model, optimizer = _setup("@dask")
    batch = _on_dask(*_data())
    fd.atomic_update(optimizer, model, *batch)
    holders = {w for ws in client.who_has(distributed.futures_of(
        [p.array for p in model.params()])).values() for w in ws}
    pids = client.run(os.getpid)
    os.kill(pids[sorted(holders)[0]], signal.SIGKILL)
    fd.atomic_update(optimizer, model, *batch)
    _assert_params(model, _numpy_params(2))
    client.wait_for_workers(2, timeout=60)


@pytest.mark.slow
def test_a_step_that_cannot_finish_fails_whole_and_training_resumes(client, tmp_path):
    model, optimizer = _setup("@dask")
    x, t = _on_dask(*_data())
    fd.atomic_update(optimizer, model, x, t)
    save_npz(tmp_path / "snapshot.npz", optimizer)
    save_npz(tmp_path / "model.npz", model)
    before = [p.array for p in model.params()]

    def kill_the_worker(block):
        os._exit(1)

    scheduler = client.cluster.scheduler
    allowed, scheduler.allowed_failures = scheduler.allowed_failures, 0
    try:
        with pytest.raises(fd.StepFailedError, match="wait_for_step: .*parameter chunks "
                           "failed on the cluster .*KilledWorker.*reload the last snapshot"):
            fd.atomic_update(optimizer, model, x.map_blocks(kill_the_worker, dtype=x.dtype,
                                                            meta=x._meta), t)
    finally:
        scheduler.allowed_failures = allowed
    # every parameter is the one before the step (none half-updated), the count too
    assert all(p.array is a for p, a in zip(model.params(), before, strict=True))
    assert optimizer.t == 1
    # a step whose retries ran out leaves its keys failed on the scheduler until every
    # reference to them is gone (constants named by their values come back in the next
    # step): restart the workers, then reload the snapshot, as the error message says
    client.restart()
    load_npz(tmp_path / "model.npz", model)
    load_npz(tmp_path / "snapshot.npz", optimizer)
    fd.atomic_update(optimizer, model, *_on_dask(*_data()))
    _assert_params(model, _numpy_params(2))


def test_connect_without_a_cluster_and_with_a_bad_scheduler():
    assert fd.connect(None) is None
    with pytest.raises(InvalidTypeError, match="connect: argument 'scheduler' expected a "
                       "distributed.Client, an address string or None, got int"):
        fd.connect(3)
    with pytest.raises(InvalidTypeError, match="wait_for_step: expected Links"):
        fd.wait_for_step(3)


def test_embedding_gradient_reduces_chunk_by_chunk():
    ids = np.array([0, 1, 1, 4, 2, 0, 3, 3, 4, 4], np.int32)
    table = np.random.default_rng(0).normal(size=(5, 3)).astype(np.float32)
    W = flexgrad.Parameter(da.from_array(table))
    y = F.embed_id(da.from_array(ids, chunks=3), W)
    F.sum(y * y).backward()
    W_ref = flexgrad.Parameter(table)
    y_ref = F.embed_id(ids, W_ref)
    F.sum(y_ref * y_ref).backward()
    np.testing.assert_allclose(W.grad.compute(), W_ref.grad, rtol=1e-6)
    # one table per chunk of the ids (4), each task reading one chunk of ids and values
    graph = dict(W.grad.__dask_graph__())
    adds = [key for key in graph if "_numpy_scatter_table" in str(key)]
    assert len(adds) == 4


def test_dropout_masks_follow_the_input_chunks():
    x = da.ones((8, 6), chunks=(2, 6), dtype=np.float32)
    y, mask = F.dropout(x, 0.5, return_mask=True)
    assert mask.chunks == x.chunks == y.array.chunks
    assert set(np.unique(y.array.compute())) <= {0.0, 2.0}


@pytest.mark.slow
def test_the_out_of_core_example_trains_on_a_running_cluster(client, tmp_path, capsys):
    import importlib.util
    import json
    import sys
    from pathlib import Path

    folder = Path(__file__).resolve().parents[1] / "examples" / "out_of_core"
    spec = importlib.util.spec_from_file_location("example_out_of_core",
                                                  folder / "train_out_of_core.py")
    example = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(folder))
    try:
        spec.loader.exec_module(example)
    finally:
        sys.path.remove(str(folder))
    common = ["--samples", "600", "--chunk", "100", "--batch-size", "100", "--units", "16",
              "--data", str(tmp_path / "data")]
    example.main([*common, "--eager", "--out", str(tmp_path / "eager")])
    example.main([*common, "--scheduler", client.scheduler.address,
                  "--out", str(tmp_path / "cluster")])
    out = capsys.readouterr().out
    assert "data: 600 samples" in out and f"scheduler {client.scheduler.address}" in out
    assert "peak resident memory" in out
    logs = [json.loads((tmp_path / run / "log").read_text()) for run in ("eager", "cluster")]
    assert [entry["iteration"] for entry in logs[1]] == [6]
    assert logs[1][0]["main/loss"] == pytest.approx(logs[0][0]["main/loss"], rel=1e-4)
