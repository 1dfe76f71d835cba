#!/usr/bin/env python3
"""Handwritten digits with a perceptron of two hidden layers, trained by a Trainer.

    python examples/mnist/train_mnist.py                   # scikit-learn's 1,797 8x8 digits
    python examples/mnist/train_mnist.py --dataset mnist   # MNIST: downloaded once, or cached
    python examples/mnist/train_mnist.py --device @dask    # the same model on Dask arrays
    python examples/mnist/train_mnist.py --epoch 30 --resume result/snapshot_iter_300

The output folder (``--out``) gets the log, loss and accuracy plots, the first iteration's
graph as Graphviz DOT (``cg.dot``) and a snapshot; see classifier_trainer.py.
"""

from __future__ import annotations

import argparse

from classifier_trainer import add_training_arguments, build_trainer, take_subset
from mlp import MLP

import flexgrad
import flexgrad.links as L

DATASETS = {"digits": flexgrad.datasets.get_digits, "mnist": flexgrad.datasets.get_mnist}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_training_arguments(parser, epoch=20, batchsize=32, datasets=list(DATASETS))
    parser.add_argument("--unit", "-u", type=int, default=100, help="units in each hidden layer")
    args = parser.parse_args()
    flexgrad.set_seed(args.seed)
    device = flexgrad.get_device(args.device)
    print(f"{args.dataset} on {device}: {args.unit} units, batches of {args.batchsize}, "
          f"{args.epoch} epochs")

    model = L.Classifier(MLP(args.unit, 10))
    model.to_device(device)
    optimizer = flexgrad.optimizers.Adam().setup(model)
    train, test = take_subset(*DATASETS[args.dataset](), args.subset)
    build_trainer(model, optimizer, train, test, args, device).run()


if __name__ == "__main__":
    main()
