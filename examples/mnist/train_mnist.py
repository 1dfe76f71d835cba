#!/usr/bin/env python
"""Chainer's MNIST example (an MLP trained by a Trainer), ported by changing its imports.

    python examples/mnist/train_mnist.py --epoch 20            # downloads MNIST once
    python examples/mnist/train_mnist.py --synthetic 1000      # random digits, no network
    python examples/mnist/train_mnist.py --device @dask        # the same on Dask
    python examples/mnist/train_mnist.py --resume result/snapshot_iter_12000

``--synthetic N`` is flexgrad's addition: N MNIST-shaped examples made from ten random
templates (and N // 6 for the test set), so the script runs, and learns, where MNIST
cannot be downloaded.
"""

import argparse

import numpy

import flexgrad
import flexgrad.functions as F
import flexgrad.links as L
from flexgrad import training
from flexgrad.training import extensions


# Network definition
class MLP(flexgrad.Chain):

    def __init__(self, n_units, n_out):
        super().__init__()
        with self.init_scope():
            # the size of the inputs to each layer will be inferred
            self.l1 = L.Linear(None, n_units)  # n_in -> n_units
            self.l2 = L.Linear(None, n_units)  # n_units -> n_units
            self.l3 = L.Linear(None, n_out)  # n_units -> n_out

    def forward(self, x):
        h1 = F.relu(self.l1(x))
        h2 = F.relu(self.l2(h1))
        return self.l3(h2)


def synthetic_mnist(n, seed=0):
    """``(train, test)`` like ``get_mnist()``'s: 784 float32 pixels in [0, 1] and an int32
    label in 0-9 (``n`` training and ``n // 6`` test examples). Each digit is a noisy copy
    of its class's random template, so a model can learn them."""
    rng = numpy.random.default_rng(seed)
    templates = rng.random((10, 784), dtype=numpy.float32)

    def dataset(size):
        t = rng.integers(0, 10, size=size).astype(numpy.int32)
        noise = rng.normal(0.0, 0.35, (size, 784)).astype(numpy.float32)
        x = numpy.clip(templates[t] + noise, 0.0, 1.0)
        return flexgrad.datasets.TupleDataset(x, t)

    return dataset(n), dataset(max(1, n // 6))


def main():
    parser = argparse.ArgumentParser(description='flexgrad example: MNIST')
    parser.add_argument('--batchsize', '-b', type=int, default=100,
                        help='Number of images in each mini-batch')
    parser.add_argument('--epoch', '-e', type=int, default=20,
                        help='Number of sweeps over the dataset to train')
    parser.add_argument('--frequency', '-f', type=int, default=-1,
                        help='Frequency of taking a snapshot')
    parser.add_argument('--device', '-d', type=str, default='-1',
                        help='Device specifier: @numpy, @cupy:0, @dask, '
                        '@array_api_strict, or an integer (negative: NumPy, '
                        'non-negative: that CUDA device through CuPy)')
    parser.add_argument('--out', '-o', default='result',
                        help='Directory to output the result')
    parser.add_argument('--resume', '-r', type=str,
                        help='Resume the training from snapshot')
    parser.add_argument('--autoload', action='store_true',
                        help='Automatically load trainer snapshots in case'
                        ' of preemption or other temporary system failure')
    parser.add_argument('--unit', '-u', type=int, default=1000,
                        help='Number of units')
    parser.add_argument('--noplot', dest='plot', action='store_false',
                        help='Disable PlotReport extension')
    parser.add_argument('--synthetic', type=int, default=0, metavar='N',
                        help='Train on N random MNIST-shaped examples instead of '
                        'MNIST (no download)')
    parser.add_argument('--seed', type=int, default=None,
                        help='Seed flexgrad\'s generators (initial weights, shuffling)')
    args = parser.parse_args()
    if args.seed is not None:
        flexgrad.set_seed(args.seed)

    device = flexgrad.get_device(args.device)

    print(f'Device: {device}')
    print(f'# unit: {args.unit}')
    print(f'# Minibatch-size: {args.batchsize}')
    print(f'# epoch: {args.epoch}')
    print('')

    # Set up a neural network to train
    # Classifier reports softmax cross entropy loss and accuracy at every
    # iteration, which will be used by the PrintReport extension below.
    model = L.Classifier(MLP(args.unit, 10))
    model.to_device(device)
    device.use()

    # Setup an optimizer
    optimizer = flexgrad.optimizers.Adam()
    optimizer.setup(model)

    # Load the MNIST dataset
    if args.synthetic > 0:
        train, test = synthetic_mnist(args.synthetic)
    else:
        train, test = flexgrad.datasets.get_mnist()

    train_iter = flexgrad.iterators.SerialIterator(train, args.batchsize)
    test_iter = flexgrad.iterators.SerialIterator(test, args.batchsize,
                                                  repeat=False, shuffle=False)

    # Set up a trainer
    updater = training.updaters.StandardUpdater(
        train_iter, optimizer, device=device)
    trainer = training.Trainer(updater, (args.epoch, 'epoch'), out=args.out)

    # Evaluate the model with the test dataset for each epoch
    trainer.extend(extensions.Evaluator(test_iter, model, device=device),
                   call_before_training=True)

    # Dump a computational graph from 'loss' variable at the first iteration
    # The "main" refers to the target link of the "main" optimizer.
    trainer.extend(extensions.DumpGraph('main/loss'))

    # Take a snapshot for each specified epoch
    frequency = args.epoch if args.frequency == -1 else max(1, args.frequency)
    # Take a snapshot each ``frequency`` epoch, delete old stale
    # snapshots and automatically load from snapshot files if any
    # files are already resident at result directory.
    trainer.extend(extensions.snapshot(n_retains=1, autoload=args.autoload),
                   trigger=(frequency, 'epoch'))

    # Write a log of evaluation statistics for each epoch
    trainer.extend(extensions.LogReport(), call_before_training=True)

    # Save two plot images to the result dir
    if args.plot and extensions.PlotReport.available():
        trainer.extend(
            extensions.PlotReport(['main/loss', 'validation/main/loss'],
                                  'epoch', file_name='loss.png'),
            call_before_training=True)
        trainer.extend(
            extensions.PlotReport(
                ['main/accuracy', 'validation/main/accuracy'],
                'epoch', file_name='accuracy.png'),
            call_before_training=True)

    # Print selected entries of the log to stdout
    # Here "main" refers to the target link of the "main" optimizer again, and
    # "validation" refers to the default name of the Evaluator extension.
    # Entries other than 'epoch' are reported by the Classifier link, called by
    # either the updater or the evaluator.
    trainer.extend(extensions.PrintReport(
        ['epoch', 'main/loss', 'validation/main/loss',
         'main/accuracy', 'validation/main/accuracy', 'elapsed_time']),
        call_before_training=True)

    # Print a progress bar (to standard error in a terminal)
    trainer.extend(extensions.ProgressBar())

    if args.resume is not None:
        # Resume from a snapshot (Note: this loaded model is to be overwritten
        # by --autoload option, autoloading snapshots into the whole trainer).
        flexgrad.serializers.load_npz(args.resume, trainer)

    # Run the training
    trainer.run()


if __name__ == '__main__':
    main()
