"""Out-of-core training: one epoch over a dataset on disk, and what a Dask step costs.

1. Data: a synthetic 784-float classification set written to Zarr chunk by chunk (timed on
   its own: generating is not training).
2. One epoch from disk: ChunkedIterator's NumPy batches into a 784-256-10 MLP (MomentumSGD;
   ``--units`` sets the hidden layer),
   against the same model on an in-memory NumPy subset with the same batch size (samples/s),
   with the peak resident memory of the whole run (this process and its children).
3. Data-parallel steps on a LocalCluster of 1 and 2 workers (samples/s over a few steps).
4. Per-step overhead of the Dask path (threads, and a 2-worker LocalCluster) against NumPy,
   for a small and a large MLP, split into sending the batch (scattered to the workers),
   graph building (forward, backward and update recorded lazily, on the client), transfers
   between workers and computing (from the workers' task stream, summed over the two
   workers) and the rest: scheduling and waiting.

    nice python benchmarks/out_of_core.py                 # small: 0.25 GiB
    OPENBLAS_NUM_THREADS=1 nice python benchmarks/out_of_core.py --gib 8 --units 128

On a small shared machine pin BLAS to one thread: OpenBLAS's threads spin while they wait,
against the prefetching thread and the other processes, and the NumPy reference itself
then varies by more than ten times from run to run.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import resource
import sys
import time
from pathlib import Path

import numpy as np

import flexgrad
import flexgrad.distributed
import flexgrad.functions as F
import flexgrad.links as L
from flexgrad import optimizers
from flexgrad.iterators import ChunkedIterator

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "examples" / "out_of_core"))
from dataset_on_disk import CLASSES, prepare, rows_for_gib  # noqa: E402

SMALL, LARGE = (784, 256, CLASSES), (784, 1000, 1000, CLASSES)


def mlp(sizes: tuple[int, ...], device: str | None = None) -> tuple[L.Classifier, object]:
    """A ReLU MLP classifier of ``sizes`` and its MomentumSGD, seeded the same each time."""
    flexgrad.set_seed(0)
    layers = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True):
        layers += [L.Linear(n_in, n_out), F.relu]
    model = L.Classifier(flexgrad.Sequential(*layers[:-1]))
    if device is not None:
        model.to_device(device)
    optimizer = optimizers.MomentumSGD(0.01)
    optimizer.setup(model)
    return model, optimizer


def peak_rss_gib() -> float:
    """Peak resident memory of this process plus that of its largest waited-for child."""
    kib = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
           + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    return kib / 2**20


def epoch_from_disk(x, t, sizes: tuple[int, ...], batch: int, chunk: int,
                    window: int) -> dict:
    model, optimizer = mlp(sizes)
    iterator = ChunkedIterator((x, t), batch, repeat=False, chunk_size=chunk, window=window,
                               seed=0)
    start, steps = time.perf_counter(), 0
    for xb, tb in iterator:
        optimizer.update(model, xb, tb)
        steps += 1
    seconds = time.perf_counter() - start
    iterator.finalize()
    return {"samples_per_s": x.shape[0] / seconds, "seconds": seconds, "steps": steps,
            "peak_chunks_held": iterator.peak_chunks_held}


def in_memory_subset(x, t, sizes: tuple[int, ...], batch: int, samples: int,
                     passes: int = 3) -> dict:
    """The same model and batch size on NumPy arrays already in memory (a read of the
    first ``samples`` rows), random batches: the floor the disk path is held to. The
    fastest of ``passes`` passes counts (the first also warms up)."""
    xs, ts = np.asarray(x[:samples]), np.asarray(t[:samples])
    model, optimizer = mlp(sizes)
    rng = np.random.default_rng(0)
    best = float("inf")
    for _ in range(passes):
        order = rng.permutation(samples)
        start = time.perf_counter()
        for lo in range(0, samples - batch + 1, batch):
            rows = order[lo:lo + batch]
            optimizer.update(model, xs[rows], ts[rows])
        best = min(best, time.perf_counter() - start)
    return {"samples_per_s": (samples // batch) * batch / best, "samples": samples,
            "passes": passes}


def cluster_throughput(x, t, workers: int, batch: int, steps: int, chunk: int) -> dict:
    client = flexgrad.distributed.connect(local=True, n_workers=workers, threads_per_worker=1,
                                          processes=True, dashboard_address=None,
                                          out=io.StringIO())
    try:
        model, optimizer = mlp(SMALL, "@dask")
        iterator = ChunkedIterator((x, t), batch, chunk_size=chunk, seed=0, device="@dask",
                                   dask_chunks=-(-batch // workers))
        optimizer.update(model, *iterator.next())  # warm-up: workers import flexgrad's deps
        flexgrad.distributed.wait_for_step(model)
        start = time.perf_counter()
        for _ in range(steps):
            optimizer.update(model, *iterator.next())
        flexgrad.distributed.wait_for_step(model)
        seconds = time.perf_counter() - start
        iterator.finalize()
    finally:
        cluster = client.cluster
        client.close()
        cluster.close()
    return {"workers": workers, "batch": batch, "steps": steps,
            "samples_per_s": steps * batch / seconds}


def step_overhead(sizes: tuple[int, ...], batch: int, steps: int, client=None) -> dict:
    """Seconds per step on NumPy and on Dask, the Dask step split into its parts."""
    rng = np.random.default_rng(0)
    xs = rng.standard_normal((batch, sizes[0]), dtype=np.float32)
    ts = rng.integers(0, CLASSES, batch).astype(np.int32)
    model, optimizer = mlp(sizes)
    optimizer.update(model, xs, ts)
    start = time.perf_counter()
    for _ in range(steps):
        optimizer.update(model, xs, ts)
    numpy_step = (time.perf_counter() - start) / steps

    model, optimizer = mlp(sizes, "@dask")
    parts = {"send": 0.0, "build": 0.0, "compute": 0.0, "transfer": 0.0, "wall": 0.0}
    for step in range(steps + 1):
        start = time.time()
        xb, tb = (flexgrad.distributed.to_cluster(a, -(-batch // 2)) for a in (xs, ts))
        sent = time.time()
        loss = model(xb, tb)
        model.cleargrads()
        loss.backward()
        built = time.time()
        optimizer.update()
        flexgrad.distributed.wait_for_step(model)  # threads: persist has computed already
        end = time.time()
        if step == 0:
            continue  # warm-up
        parts["send"] += sent - start
        parts["build"] += built - sent
        parts["wall"] += end - start
        if client is not None:
            for task in client.get_task_stream(start=start):
                for span in task["startstops"]:
                    if span["action"] in ("compute", "transfer"):
                        parts[span["action"]] += span["stop"] - span["start"]
    dask_step = {k: v / steps for k, v in parts.items()}
    if client is None:
        dask_step["compute_and_scheduling"] = (dask_step["wall"] - dask_step["build"]
                                               - dask_step["send"])
        del dask_step["compute"], dask_step["transfer"]
    else:
        # task times sum over workers; the rest of the wall is scheduling and latency
        dask_step["scheduling_and_waiting"] = max(
            0.0, dask_step["wall"] - dask_step["send"] - dask_step["build"]
            - dask_step["compute"] / 2
            - dask_step["transfer"] / 2)
    return {"sizes": sizes, "batch": batch, "numpy_s": numpy_step, "dask_s": dask_step,
            "ratio": dask_step["wall"] / numpy_step}


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gib", type=float, default=0.25, help="dataset size on disk")
    parser.add_argument("--data", default="/tmp/flexgrad_out_of_core_bench")
    parser.add_argument("--batch-size", type=int, default=1024)
    parser.add_argument("--chunk", type=int, default=16384, help="samples per chunk")
    parser.add_argument("--window", type=int, default=4, help="chunks shuffled together")
    parser.add_argument("--subset", type=int, default=65536,
                        help="in-memory samples for the NumPy reference")
    parser.add_argument("--units", type=int, default=256,
                        help="hidden units of the epoch's MLP (784-units-10)")
    parser.add_argument("--cluster-steps", type=int, default=10)
    parser.add_argument("--overhead-steps", type=int, default=5)
    parser.add_argument("--json", help="write the figures here too")
    args = parser.parse_args(argv)

    epoch_model = (SMALL[0], args.units, CLASSES)
    result = {"machine": f"{platform.node()}: {os.cpu_count()} CPUs, {platform.machine()}, "
              f"load {os.getloadavg()[0]:.1f}, OPENBLAS_NUM_THREADS="
              f"{os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}",
              "command": " ".join(sys.argv),
              "epoch_model": epoch_model}
    samples = rows_for_gib(args.gib)
    x, t, seconds = prepare(args.data, samples, args.chunk)
    result["data"] = {"gib": x.nbytes / 2**30, "samples": samples,
                      "generate_s": seconds,
                      "generate_samples_per_s": samples / seconds if seconds else None}
    print("data", result["data"], flush=True)
    result["memory_subset"] = in_memory_subset(x, t, epoch_model, args.batch_size,
                                               min(args.subset, samples))
    print("in-memory subset", result["memory_subset"], flush=True)
    result["epoch_from_disk"] = epoch_from_disk(x, t, epoch_model, args.batch_size,
                                                args.chunk, args.window)
    result["epoch_from_disk"]["peak_rss_gib"] = peak_rss_gib()
    result["epoch_from_disk"]["vs_memory"] = (result["epoch_from_disk"]["samples_per_s"]
                                              / result["memory_subset"]["samples_per_s"])
    print("epoch from disk", result["epoch_from_disk"], flush=True)

    result["cluster"] = [cluster_throughput(x, t, workers, 4 * args.batch_size,
                                            args.cluster_steps, args.chunk)
                         for workers in (1, 2)]
    print("cluster", result["cluster"], flush=True)
    overhead = []
    for sizes, batch in ((SMALL, 128), (LARGE, 1024)):
        overhead.append({"scheduler": "threads",
                         **step_overhead(sizes, batch, args.overhead_steps)})
    client = flexgrad.distributed.connect(local=True, n_workers=2, threads_per_worker=1,
                                          processes=True, dashboard_address=None,
                                          out=io.StringIO())
    try:
        for sizes, batch in ((SMALL, 128), (LARGE, 1024)):
            overhead.append({"scheduler": "LocalCluster(2 workers)",
                             **step_overhead(sizes, batch, args.overhead_steps, client)})
    finally:
        cluster = client.cluster
        client.close()
        cluster.close()
    result["step_overhead"] = overhead
    for row in overhead:
        print("step", row, flush=True)
    result["peak_rss_gib"] = peak_rss_gib()
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1))
    return result


if __name__ == "__main__":
    main()
