"""The Trainer the classification examples share: arguments, data in, reports out.

train_mnist.py and ../stochastic_resnet/train_stochastic_resnet.py build their model and
optimizer, then hand them here. Each epoch the model is evaluated on the test set; the
output folder gets the log (``log``, JSON), loss and accuracy plots (``loss.png``,
``accuracy.png``, where matplotlib is installed), the graph the first iteration recorded
(``cg.dot``, Graphviz DOT) and, at the end, a snapshot to resume from; a progress bar runs
on standard error and the log's columns are printed as they come.
"""

from __future__ import annotations

import argparse
import math

import flexgrad
from flexgrad import training
from flexgrad.training import extensions

DEVICES = "@numpy, @dask, @cupy:0, @torch, @torch:cuda:0, @jax, @array_api_strict"


def add_training_arguments(parser: argparse.ArgumentParser, epoch: int, batchsize: int,
                           datasets: list[str]) -> None:
    """The options every classification example takes, with its own defaults."""
    parser.add_argument("--dataset", choices=datasets, default=datasets[0],
                        help=f"what to learn (default {datasets[0]}: ships with scikit-learn, "
                        "no download)")
    parser.add_argument("--device", "-d", default="@numpy", help=f"where to compute: {DEVICES}")
    parser.add_argument("--epoch", "-e", type=int, default=epoch, help="sweeps over the data")
    parser.add_argument("--batchsize", "-b", type=int, default=batchsize,
                        help="examples in each mini-batch")
    parser.add_argument("--subset", type=int, default=0, metavar="N",
                        help="train on the first N training examples and test on the first "
                        "N // 4 (quick runs; 0 takes them all)")
    parser.add_argument("--out", "-o", default="result", help="folder for the log, plots, "
                        "graph and snapshot")
    parser.add_argument("--resume", "-r", help="a snapshot to go on from")
    parser.add_argument("--noplot", dest="plot", action="store_false",
                        help="skip the loss and accuracy plots")
    parser.add_argument("--seed", type=int, default=0,
                        help="seeds the initial weights and the shuffling")


def take_subset(train, test, n: int):
    """The first ``n`` training and ``n // 4`` test examples; everything for ``n == 0``."""
    if n <= 0:
        return train, test
    return (flexgrad.datasets.SubDataset(train, 0, min(n, len(train))),
            flexgrad.datasets.SubDataset(test, 0, min(max(1, n // 4), len(test))))


def training_iterations(args, train) -> int:
    """How many updates ``args.epoch`` epochs take: the last batch of an epoch runs on into
    the next one, so the count is rounded up."""
    return math.ceil(args.epoch * len(train) / args.batchsize)


def equal_batch_size(n: int, most: int = 400, fewest: int = 16) -> int:
    """The largest size up to ``most`` that cuts ``n`` examples into equal batches, so that
    the Evaluator's mean over batches is the exact accuracy on the whole test set; ``most``
    where that would be below ``fewest`` (a prime ``n``: the mean is then near, not exact)."""
    size = max(size for size in range(1, min(n, most) + 1) if n % size == 0)
    return size if size >= min(n, fewest) else min(n, most)


def build_trainer(model, optimizer, train, test, args, device,
                  extra_columns: tuple[str, ...] = ()) -> training.Trainer:
    """A Trainer of ``model`` (an ``L.Classifier`` set up in ``optimizer``) with the reports
    described above; ``extra_columns`` are more log keys to print."""
    train_iter = flexgrad.iterators.SerialIterator(train, args.batchsize)
    test_iter = flexgrad.iterators.SerialIterator(test, equal_batch_size(len(test)),
                                                  repeat=False, shuffle=False)
    updater = training.updaters.StandardUpdater(train_iter, optimizer, device=device)
    trainer = training.Trainer(updater, (args.epoch, "epoch"), out=args.out)
    trainer.extend(extensions.Evaluator(test_iter, model, device=device))
    trainer.extend(extensions.DumpGraph("main/loss"))
    trainer.extend(extensions.snapshot(n_retains=1), trigger=(args.epoch, "epoch"))
    trainer.extend(extensions.LogReport())
    if args.plot and extensions.PlotReport.available():
        for name in ("loss", "accuracy"):
            trainer.extend(extensions.PlotReport([f"main/{name}", f"validation/main/{name}"],
                                                 "epoch", file_name=f"{name}.png"))
    trainer.extend(extensions.PrintReport(
        ["epoch", "main/loss", "validation/main/loss", "main/accuracy",
         "validation/main/accuracy", *extra_columns, "elapsed_time"]))
    # counted in iterations: an epoch-counted bar would end past its total (the last batch
    # overlaps the next epoch), which tqdm warns about
    trainer.extend(extensions.ProgressBar((training_iterations(args, train), "iteration"),
                                          update_interval=10))
    if args.resume:
        flexgrad.serializers.load_npz(args.resume, trainer)
    return trainer
