"""flexgrad example: train on a dataset on disk larger than the memory the run may use.

The data (Zarr, else a NumPy memmap) is read a window of chunks at a time by
``flexgrad.iterators.ChunkedIterator``, shuffled across and within chunks, the next batch
read while the current one trains. By default each batch is a Dask array split across the
workers of a LocalCluster this script starts (``--workers``); ``--scheduler ADDRESS`` runs
the same steps on a cluster already running, and ``--eager`` trains on NumPy batches in
this process instead.

    python examples/out_of_core/train_out_of_core.py --gib 2 --workers 2
    python examples/out_of_core/train_out_of_core.py --scheduler tcp://10.0.0.5:8786
"""

from __future__ import annotations

import argparse
import resource
import sys

from dataset_on_disk import CLASSES, prepare, rows_for_gib

import flexgrad
import flexgrad.distributed
import flexgrad.functions as F
import flexgrad.links as L
from flexgrad import optimizers, training
from flexgrad.iterators import ChunkedIterator, batch_arrays
from flexgrad.training import extensions


def parse_args(argv):
    parser = argparse.ArgumentParser(description="flexgrad example: out-of-core training")
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--gib", type=float, default=0.25, help="dataset size on disk")
    size.add_argument("--samples", type=int, help="dataset size in samples (784 floats)")
    parser.add_argument("--data", default="out_of_core_data", help="where the data goes")
    parser.add_argument("--chunk", type=int, default=8192, help="samples per chunk on disk")
    parser.add_argument("--window", type=int, default=4, help="chunks shuffled together")
    parser.add_argument("--batch-size", "-b", type=int, default=1024)
    parser.add_argument("--units", type=int, default=256, help="hidden units")
    parser.add_argument("--lr", type=float, default=0.05)
    parser.add_argument("--epoch", "-e", type=int, default=1)
    parser.add_argument("--eager", action="store_true",
                        help="NumPy batches in this process, no cluster")
    parser.add_argument("--scheduler", help="address of a running Dask scheduler")
    parser.add_argument("--workers", type=int, default=2, help="LocalCluster workers")
    parser.add_argument("--worker-memory", default="1GiB", help="each worker's limit")
    parser.add_argument("--out", "-o", default="result")
    parser.add_argument("--seed", type=int, default=0)
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    samples = args.samples or rows_for_gib(args.gib)
    x, t, seconds = prepare(args.data, samples, args.chunk, args.seed)
    print(f"data: {samples} samples, {x.nbytes / 2**30:.2f} GiB in {args.data} "
          f"(written in {seconds:.1f} s)", flush=True)
    client = None
    if not args.eager:
        client = flexgrad.distributed.connect(
            args.scheduler, local=args.scheduler is None, n_workers=args.workers,
            threads_per_worker=1, memory_limit=args.worker_memory, processes=True)
    device = "@numpy" if args.eager else "@dask"
    n_workers = 1 if args.eager else max(1, len(client.scheduler_info()["workers"]))
    flexgrad.set_seed(args.seed)
    iterator = ChunkedIterator((x, t), args.batch_size, chunk_size=args.chunk,
                               window=args.window, seed=args.seed, device=device,
                               dask_chunks=-(-args.batch_size // n_workers))
    model = L.Classifier(flexgrad.Sequential(L.Linear(x.shape[1], args.units), F.relu,
                                             L.Linear(args.units, CLASSES)))
    optimizer = optimizers.MomentumSGD(args.lr)
    optimizer.setup(model)
    updater = training.updaters.StandardUpdater(iterator, optimizer, converter=batch_arrays,
                                                device=device)
    trainer = training.Trainer(updater, (args.epoch, "epoch"), out=args.out)
    trainer.extend(extensions.LogReport())
    trainer.extend(extensions.PrintReport(["epoch", "iteration", "main/loss",
                                           "main/accuracy", "elapsed_time"]))
    trainer.extend(extensions.ProgressBar(update_interval=10))
    try:
        trainer.run()
    finally:
        if client is not None:
            cluster = client.cluster if args.scheduler is None else None
            client.close()
            if cluster is not None:
                cluster.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20  # KiB on Linux
    print(f"peak resident memory of this process: {peak:.2f} GiB "
          f"(data: {x.nbytes / 2**30:.2f} GiB)", file=sys.stdout)


if __name__ == "__main__":
    main()
